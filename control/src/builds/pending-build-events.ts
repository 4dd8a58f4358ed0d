import type { Redis } from 'ioredis';
import { decodeBuildEventDeployment, type StreamEntry, streams } from '../../../contract/build-streams.js';
import { isAfter, parseStreamId, type StreamId } from '../logs/stream-id.js';

// Which deployments have build events that control has not applied yet: those the consumer group
// has not read, and those read by an instance that has not acknowledged them (it is applying
// them, or died, and another will claim them). Such a deployment's fate is in its events.

type PendingEntry = [id: string, consumer: string, idleMs: number, deliveries: number];

const BATCH = 1_000;

export async function pendingBuildEvents(redis: Redis, group: string): Promise<Set<string>> {
  const lastRead = await lastDeliveredId(redis, group);
  if (lastRead === undefined) return new Set();
  const unacknowledged = await unacknowledgedIds(redis, group);
  const pending = new Set<string>();
  // From the oldest unacknowledged event, or else from the first one not read.
  let start = [...unacknowledged].sort(byId)[0] ?? `(${lastRead}`;
  for (;;) {
    const entries = (await redis.xrange(streams.events, start, '+', 'COUNT', BATCH)) as StreamEntry[];
    for (const [id, fields] of entries) {
      if (unacknowledged.has(id) || isAfter(streamId(id), streamId(lastRead))) pending.add(decodeBuildEventDeployment(fields));
    }
    if (entries.length < BATCH) return pending;
    start = `(${entries.at(-1)![0]}`;
  }
}

/** The last event the group was handed; '0-0' before its first; undefined when there is no stream yet. */
async function lastDeliveredId(redis: Redis, group: string): Promise<string | undefined> {
  const groups = (await redis.xinfo('GROUPS', streams.events).catch((error: Error) => {
    if (error.message.includes('no such key')) return undefined;
    throw error;
  })) as Array<Array<string | number>> | undefined;
  if (groups === undefined) return undefined;
  const info = groups.map((fields) => new Map(pairs(fields))).find((fields) => fields.get('name') === group);
  // No group yet: it will read the stream from its start.
  return info === undefined ? '0-0' : String(info.get('last-delivered-id'));
}

async function unacknowledgedIds(redis: Redis, group: string): Promise<Set<string>> {
  const ids = new Set<string>();
  let start = '-';
  for (;;) {
    const entries = (await redis.xpending(streams.events, group, start, '+', BATCH).catch((error: Error) => {
      if (error.message.includes('NOGROUP')) return [];
      throw error;
    })) as PendingEntry[];
    for (const [id] of entries) ids.add(id);
    if (entries.length < BATCH) return ids;
    start = `(${entries.at(-1)![0]}`;
  }
}

function pairs(fields: Array<string | number>): Array<[string, string | number]> {
  const result: Array<[string, string | number]> = [];
  for (let i = 0; i + 1 < fields.length; i += 2) result.push([String(fields[i]), fields[i + 1]!]);
  return result;
}

/** Redis made the ID; its sequence fits. */
const streamId = (id: string): StreamId => parseStreamId(id)!;
const byId = (a: string, b: string) => (isAfter(streamId(a), streamId(b)) ? 1 : isAfter(streamId(b), streamId(a)) ? -1 : 0);
