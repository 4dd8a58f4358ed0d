import { hostname } from 'node:os';
import { and, eq } from 'drizzle-orm';
import type { Redis } from 'ioredis';
import { z } from 'zod';
import { type BuildEvent, decodeBuildEvent, type StreamEntry, streams } from '../../../contract/build-streams.js';
import type { Database } from '../db/database.js';
import { deployments } from '../db/schema.js';
import { WAITING_FOR_BUILD } from '../deployments/lost-builds.js';
import { transition } from '../deployments/transition.js';
import { persistBuildLog } from '../logs/build-log-store.js';

// The builder reports each build's progress on one Redis stream. Control instances read it as a
// consumer group, so each event is applied once by one of them; an event is acknowledged only
// once applied, and one left pending by an instance that died is claimed by another.

export interface BuildEventsOptions {
  redis: Redis;
  db: Database;
  /** The consumer group: every control instance of one installation shares it. */
  group: string;
  /** Called once a deployment's image is built and it is marked deploying. */
  onBuilt(deploymentId: string): void;
  /** Called once a build that started has ended, with how long it ran. */
  onBuildFinished?(outcome: BuildOutcome, ms: number): void;
  onError(error: unknown): void;
  signal: AbortSignal;
}

/** How long an event may sit unacknowledged with one instance before another takes it over. */
const CLAIM_AFTER_MS = 30_000;
/** Log streams of finished builds stay this long for viewers still reading from Redis. */
const FINISHED_LOG_TTL_SECONDS = 3_600;

export type BuildOutcome = Extract<BuildEvent['type'], 'built' | 'failed' | 'canceled'>;

/** This process, among the group's consumers: the same again after a restart in the same container. */
const consumer = `${hostname()}-${process.pid}`;

export async function consumeBuildEvents(options: BuildEventsOptions): Promise<void> {
  const { group, signal } = options;
  await withReader(options, async (reader) => {
    // What this consumer was handed before a restart and never acknowledged comes first.
    await handle(options, await readGroup(reader, group, '0'));
    while (!signal.aborted) {
      const [, claimed] = (await reader.xautoclaim(streams.events, group, consumer, CLAIM_AFTER_MS, '0-0', 'COUNT', 100)) as [string, StreamEntry[]];
      await handle(options, claimed);
      await handle(options, await readGroup(reader, group, '>', 1_000));
    }
  });
}

/**
 * Applies the events waiting now: those this consumer held unacknowledged before a restart, and
 * those no instance has read. Control does this at start-up before its reconciler judges a build
 * lost, so a build that ended while control was down ships.
 */
export async function catchUpBuildEvents(options: Omit<BuildEventsOptions, 'signal'>): Promise<void> {
  await withReader(options, async (reader) => {
    await handle(options, await readGroup(reader, options.group, '0'));
    // One that fails to apply stays unacknowledged, so it is not read again here.
    for (let read = await readGroup(reader, options.group, '>'); read.length > 0; read = await readGroup(reader, options.group, '>')) await handle(options, read);
  });
}

/** A connection of its own, since XREADGROUP BLOCK holds it, on which the group exists. */
async function withReader(options: Pick<BuildEventsOptions, 'redis' | 'group'>, use: (reader: Redis) => Promise<void>): Promise<void> {
  const reader = options.redis.duplicate();
  // The read in progress fails, which is what reports it; the connection this one copies tells the outage.
  reader.on('error', () => undefined);
  try {
    await reader.xgroup('CREATE', streams.events, options.group, '0', 'MKSTREAM').catch((error: Error) => {
      if (!error.message.includes('BUSYGROUP')) throw error;
    });
    await use(reader);
  } finally {
    reader.disconnect();
  }
}

/** `from` '0' reads what this consumer holds unacknowledged; '>' new events, waiting up to `blockMs` for one. */
async function readGroup(reader: Redis, group: string, from: '0' | '>', blockMs?: number): Promise<StreamEntry[]> {
  const read = (
    blockMs === undefined
      ? await reader.xreadgroup('GROUP', group, consumer, 'COUNT', 100, 'STREAMS', streams.events, from)
      : await reader.xreadgroup('GROUP', group, consumer, 'COUNT', 100, 'BLOCK', blockMs, 'STREAMS', streams.events, from)
  ) as Array<[string, StreamEntry[]]> | null;
  return read?.[0]?.[1] ?? [];
}

async function handle(options: Omit<BuildEventsOptions, 'signal'>, entries: StreamEntry[]): Promise<void> {
  for (const [id, fields] of entries) {
    try {
      const { deploymentId, event } = decodeBuildEvent(fields);
      await apply(options, deploymentId, event);
      await options.redis.xack(streams.events, options.group, id);
    } catch (error) {
      options.onError(error);
    }
  }
}

const deploymentId = z.uuid();

async function apply(options: Omit<BuildEventsOptions, 'signal'>, id: string, event: BuildEvent): Promise<void> {
  // Deployments are rows here; an event for an ID that is not one was never queued by this installation.
  if (!deploymentId.safeParse(id).success) return;
  const { db, redis } = options;
  const row = await db.query.deployments.findFirst({ where: eq(deployments.id, id), columns: { buildStartedAt: true } });
  if (row === undefined) return;
  const now = new Date();
  if (event.type === 'building') {
    await transition(db, id, 'building', { buildStartedAt: now });
    return;
  }
  if (event.type === 'detected') {
    // Kept while building, so a build that fails afterwards still shows what it tried to run.
    await db
      .update(deployments)
      .set({ framework: event.framework, dockerfile: event.dockerfile, repositorySettings: event.repositorySettings })
      .where(and(eq(deployments.id, id), eq(deployments.status, 'building')));
    return;
  }
  await persistBuildLog(redis, db, id);
  await redis.expire(streams.log(id), FINISHED_LOG_TTL_SECONDS);
  if (event.type !== 'superseded' && row.buildStartedAt !== null) options.onBuildFinished?.(event.type, now.getTime() - row.buildStartedAt.getTime());
  switch (event.type) {
    case 'built': {
      const { image } = event;
      const moved = await transition(db, id, 'deploying', {
        buildFinishedAt: now,
        imageId: image.imageId,
        commitSha: image.commit.sha,
        commitMessage: image.commit.message,
        dockerfile: image.dockerfile,
        port: image.port,
        framework: image.framework,
      });
      if (moved) options.onBuilt(id);
      return;
    }
    // A build's end moves only a deployment still waiting for its build. One past it was built:
    // its rollout decides it, whatever the builder's queue says after the image (a job Redis
    // lost while it built ends in BullMQ's error, which the builder reports as a failure).
    case 'failed':
      await transition(db, id, 'failed', { buildFinishedAt: now, error: event.error }, WAITING_FOR_BUILD);
      return;
    case 'canceled':
      await transition(db, id, 'canceled', { buildFinishedAt: now, error: event.reason }, WAITING_FOR_BUILD);
      return;
    case 'superseded':
      await transition(db, id, 'superseded', { error: `superseded by a newer deployment (${event.by})` });
      return;
  }
}
