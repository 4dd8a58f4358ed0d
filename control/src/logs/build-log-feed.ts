import { and, asc, eq, gt, lt, or, type SQL } from 'drizzle-orm';
import type { Redis } from 'ioredis';
import { type StreamEntry, streams } from '../../../contract/build-streams.js';
import { storeLines, toRow } from './build-log-store.js';
import type { Database } from '../db/database.js';
import { buildLogLines, deployments } from '../db/schema.js';
import type { DeploymentStatus } from '../deployments/status.js';
import type { BuildLogWatch } from './build-log-watch.js';
import { BEFORE_FIRST, formatStreamId, isAfter, type StreamId } from './stream-id.js';

// A build's log as one viewer reads it: what Postgres holds, then what the builder appends to its
// Redis stream, each line once and in stream order, then the build's end.
//
// Every read asks for lines after `cursor`, the last ID handed out, so no line comes twice
// whichever store it comes from. Nothing is skipped either: Postgres holds a prefix of the stream
// (build-log-store.ts copies it in order) and Redis its newest lines, so Redis read from where
// Postgres stopped holds the rest, but for lines Redis trimmed (MAXLEN) while this viewer was
// behind. A read that skips trimmed lines returns a full batch, since the trim kept more lines than
// a batch, and only then is Postgres asked for what lies before it. A build's status leaves
// queued/building only after its lines were copied (build-events.ts), so once the status read is
// final, reading both stores again yields every line there will be.

export type BuildLogLine = Pick<typeof buildLogLines.$inferSelect, 'at' | 'step' | 'stream' | 'text'>;

export type BuildLogItem = { type: 'line'; id: string; line: BuildLogLine } | { type: 'end'; status: DeploymentStatus };

export interface BuildLogFeedOptions {
  db: Database;
  /** The instance's Redis, shared by every viewer: reads that return at once, and one wait for new lines. */
  lines: BuildLogWatch;
  deploymentId: string;
  /** The last line the viewer has: the feed starts after it. */
  after?: StreamId;
  /** How long a read waits for new lines before the build's status is looked at again. */
  idleMs?: number;
  /** Stops the feed without an `end`: the viewer left, or should reconnect. */
  signal: AbortSignal;
}

type Row = Pick<typeof buildLogLines.$inferSelect, 'streamMs' | 'streamSeq'> & BuildLogLine;

const BATCH = 1_000;
/** How long the end of a build may go unnoticed, and how often an idle viewer costs a status query. */
const IDLE_MS = 2_000;
const BUILDING: ReadonlySet<DeploymentStatus> = new Set(['queued', 'building']);

export async function* buildLogFeed(options: BuildLogFeedOptions): AsyncGenerator<BuildLogItem> {
  const { db, deploymentId, signal, lines } = options;
  let cursor = options.after ?? BEFORE_FIRST;

  function* emit(rows: Row[]): Generator<BuildLogItem> {
    for (const row of rows) {
      const id = { ms: row.streamMs, seq: row.streamSeq };
      // Every read asks for lines after the cursor; a line at or before it is one this viewer has.
      if (!isAfter(id, cursor)) continue;
      cursor = id;
      yield { type: 'line', id: formatStreamId(id), line: { at: row.at, step: row.step, stream: row.stream, text: row.text } };
    }
  }
  async function* drain(read: (after: StreamId) => Promise<Row[]>): AsyncGenerator<BuildLogItem> {
    for (;;) {
      const rows = await read(cursor);
      yield* emit(rows);
      if (rows.length < BATCH) return;
    }
  }

  try {
    // Read before the lines: a final status vouches that Postgres already holds them all.
    let status = await statusOf(db, deploymentId);
    yield* drain((after) => persisted(db, deploymentId, after));
    while (!signal.aborted && status !== null && BUILDING.has(status)) {
      const rows = await readLive(lines.redis, db, deploymentId, cursor);
      if (rows.length > 0) yield* emit(rows);
      else if (!(await lines.lineAfter(deploymentId, cursor, options.idleMs ?? IDLE_MS, signal))) status = await statusOf(db, deploymentId);
    }
    // A deployment deleted meanwhile has no end to tell.
    if (signal.aborted || status === null) return;
    yield* drain((after) => persisted(db, deploymentId, after));
    yield* drain((after) => inRedis(lines.redis, deploymentId, after));
    yield { type: 'end', status };
  } catch (error) {
    if (!signal.aborted) throw error;
  }
}

async function statusOf(db: Database, deploymentId: string): Promise<DeploymentStatus | null> {
  const row = await db.query.deployments.findFirst({ where: eq(deployments.id, deploymentId), columns: { status: true } });
  return row?.status ?? null;
}

/** Up to a batch of the lines Postgres holds after `after`, and before `before` when given. */
async function persisted(db: Database, deploymentId: string, after: StreamId, before?: StreamId): Promise<Row[]> {
  const { streamMs: ms, streamSeq: seq } = buildLogLines;
  const conditions: SQL[] = [eq(buildLogLines.deploymentId, deploymentId), or(gt(ms, after.ms), and(eq(ms, after.ms), gt(seq, after.seq)))!];
  if (before !== undefined) conditions.push(or(lt(ms, before.ms), and(eq(ms, before.ms), lt(seq, before.seq)))!);
  return db
    .select({ streamMs: ms, streamSeq: seq, at: buildLogLines.at, step: buildLogLines.step, stream: buildLogLines.stream, text: buildLogLines.text })
    .from(buildLogLines)
    .where(and(...conditions))
    .orderBy(asc(ms), asc(seq))
    .limit(BATCH);
}

/** Up to a batch of the lines the Redis stream holds after `after`, without waiting. */
async function inRedis(redis: Redis, deploymentId: string, after: StreamId): Promise<Array<ReturnType<typeof toRow>>> {
  const entries = (await redis.xrange(streams.log(deploymentId), `(${formatStreamId(after)}`, '+', 'COUNT', BATCH)) as StreamEntry[];
  return entries.map(([id, fields]) => toRow(deploymentId, id, fields));
}

/**
 * The next lines after `cursor`, as far as the builder has written them. Stored before they are
 * shown: the copy (build-log-store.ts) may lag a viewer, and a line someone saw must outlive a
 * Redis that loses the stream.
 */
async function readLive(redis: Redis, db: Database, deploymentId: string, cursor: StreamId): Promise<Row[]> {
  const rows = await inRedis(redis, deploymentId, cursor);
  if (rows.length === BATCH) {
    // A full batch may start past lines Redis trimmed; Postgres kept them, and they come first.
    const first = rows[0]!;
    const trimmed = await persisted(db, deploymentId, cursor, { ms: first.streamMs, seq: first.streamSeq });
    if (trimmed.length > 0) return trimmed;
  }
  await storeLines(db, rows);
  return rows;
}
