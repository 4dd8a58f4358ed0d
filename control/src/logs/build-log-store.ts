import { setTimeout as sleep } from 'node:timers/promises';
import { desc, eq, inArray } from 'drizzle-orm';
import type { Redis } from 'ioredis';
import { decodeLogLine, type StreamEntry, streams } from '../../../contract/build-streams.js';
import type { Database } from '../db/database.js';
import { WAITING_FOR_BUILD } from '../deployments/lost-builds.js';
import { buildLogLines, deployments } from '../db/schema.js';
import { BEFORE_FIRST, formatStreamId, parseStreamId } from './stream-id.js';

// The builder appends each build's log lines to a Redis stream of its own; this copies them into
// Postgres as they come, keyed by their stream IDs, so copying a line twice (two control
// instances, a restart) writes it once, and a viewer can resume from the ID it last saw.

const BATCH = 1_000;

/** Copies what a deployment's log stream holds beyond what Postgres already has. */
export async function persistBuildLog(redis: Redis, db: Database, deploymentId: string): Promise<void> {
  let after = await lastPersisted(db, deploymentId);
  for (;;) {
    const entries = (await redis.xrange(streams.log(deploymentId), `(${after}`, '+', 'COUNT', BATCH)) as StreamEntry[];
    await insertLines(db, deploymentId, entries);
    if (entries.length < BATCH) return;
    after = entries.at(-1)![0];
  }
}

/** Copies the logs of every deployment waiting for its build as their lines arrive, until `signal` aborts. */
export async function tailBuildLogs(redis: Redis, db: Database, signal: AbortSignal): Promise<void> {
  // A connection of its own: XREAD BLOCK holds it for up to a second.
  const reader = redis.duplicate();
  // The read in progress fails, which is what reports it; the connection this one copies tells the outage.
  reader.on('error', () => undefined);
  const positions = new Map<string, string>();
  try {
    while (!signal.aborted) {
      // Queued too: the builder may be building one whose `building` event control has not applied yet.
      const building = await db.select({ id: deployments.id }).from(deployments).where(inArray(deployments.status, WAITING_FOR_BUILD));
      if (building.length === 0) {
        positions.clear();
        await sleep(1_000, undefined, { signal }).catch(() => undefined);
        continue;
      }
      for (const id of positions.keys()) if (!building.some((d) => d.id === id)) positions.delete(id);
      for (const { id } of building) if (!positions.has(id)) positions.set(id, await lastPersisted(db, id));
      const ids = [...positions.keys()];
      const read = (await reader.xread('COUNT', BATCH, 'BLOCK', 1_000, 'STREAMS', ...ids.map(streams.log), ...ids.map((id) => positions.get(id)!))) as
        | Array<[key: string, entries: StreamEntry[]]>
        | null;
      for (const [key, entries] of read ?? []) {
        const id = ids.find((candidate) => streams.log(candidate) === key)!;
        await insertLines(db, id, entries);
        positions.set(id, entries.at(-1)![0]);
      }
    }
  } finally {
    reader.disconnect();
  }
}

async function insertLines(db: Database, deploymentId: string, entries: StreamEntry[]): Promise<void> {
  await storeLines(db, entries.map(([id, fields]) => toRow(deploymentId, id, fields)));
}

/** Stores lines read from a stream; a line stored already (by the copy, or for another viewer) stays as it was. */
export async function storeLines(db: Database, rows: Array<typeof buildLogLines.$inferInsert>): Promise<void> {
  if (rows.length === 0) return;
  await db.insert(buildLogLines).values(rows).onConflictDoNothing();
}

/** A line of the builder's stream as the row it is stored as. */
export function toRow(deploymentId: string, streamId: string, fields: string[]): typeof buildLogLines.$inferInsert {
  const { timestamp, step, stream, text } = decodeLogLine(fields);
  // Redis made the ID, so it parses.
  const { ms, seq } = parseStreamId(streamId)!;
  return { deploymentId, streamMs: ms, streamSeq: seq, at: timestamp, step, stream, text };
}

async function lastPersisted(db: Database, deploymentId: string): Promise<string> {
  const [last] = await db
    .select({ ms: buildLogLines.streamMs, seq: buildLogLines.streamSeq })
    .from(buildLogLines)
    .where(eq(buildLogLines.deploymentId, deploymentId))
    .orderBy(desc(buildLogLines.streamMs), desc(buildLogLines.streamSeq))
    .limit(1);
  return formatStreamId(last ?? BEFORE_FIRST);
}
