import type { Redis } from 'ioredis';
import { streams } from '../../../contract/build-streams.js';
import { formatStreamId, isAfter, type StreamId } from './stream-id.js';

// Viewers of build logs wait for new lines without a Redis connection each, so opening viewers
// costs no connections: one blocking XREAD per control instance watches every stream a viewer
// waits on, from the oldest line a viewer has, and wakes that stream's viewers when a line comes.
// They read what is new on the instance's shared connection, with commands that do not block.

interface Waiter {
  after: StreamId;
  wake(): void;
}

/** How long one blocking read lasts at most: a viewer that came meanwhile is read for after it. */
const BLOCK_MS = 1_000;

export interface BuildLogWatch {
  /** The instance's shared connection, for reads that return at once. */
  redis: Redis;
  /** Resolves true once the deployment's stream has a line after `after`; false after `ms` without one, or when `signal` aborts. */
  lineAfter(deploymentId: string, after: StreamId, ms: number, signal: AbortSignal): Promise<boolean>;
}

/** `redis` is shared with the rest of the instance; the watch adds one connection of its own, opened on first use. */
export function buildLogWatch(redis: Redis): BuildLogWatch {
  const waiting = new Map<string, Set<Waiter>>();
  let reader: Redis | undefined;
  let readerId: number | undefined;
  let reading = false;

  function connection(): Redis {
    if (reader === undefined) {
      reader = redis.duplicate();
      // A lost connection fails the read in progress, which is what reports it.
      reader.on('error', () => undefined);
    }
    return reader;
  }

  /** The oldest line one of the stream's viewers has: the stream is read from there. */
  const oldest = (waiters: Iterable<Waiter>): StreamId => [...waiters].map((w) => w.after).reduce((a, b) => (isAfter(a, b) ? b : a));

  /** Which watched streams have a line after their position, waiting up to BLOCK_MS for one. */
  async function grown(): Promise<string[]> {
    const watched = [...waiting].map(([key, waiters]) => [key, formatStreamId(oldest(waiters))] as const);
    readerId = (await connection().client('ID')) as number;
    const result = (await connection().xread(
      'COUNT',
      1,
      'BLOCK',
      BLOCK_MS,
      'STREAMS',
      ...watched.map(([key]) => key),
      ...watched.map(([, from]) => from),
    )) as Array<[key: string, entries: unknown[]]> | null;
    return (result ?? []).map(([key]) => key);
  }

  async function read(): Promise<void> {
    reading = true;
    while (waiting.size > 0) {
      // A read that fails (Redis went away) wakes every viewer: their own reads report it.
      const keys = await grown().catch(() => [...waiting.keys()]);
      for (const key of keys) for (const waiter of waiting.get(key) ?? []) waiter.wake();
    }
    reading = false;
  }

  return {
    redis,
    lineAfter(deploymentId, after, ms, signal) {
      const key = streams.log(deploymentId);
      return new Promise<boolean>((resolve) => {
        if (signal.aborted) return resolve(false);
        const waiters = waiting.get(key) ?? new Set<Waiter>();
        // The read in progress is from a later line, or not of this stream: it must start over.
        const restart = reading && (waiters.size === 0 || isAfter(oldest(waiters), after));
        const done = (woken: boolean) => {
          clearTimeout(timer);
          signal.removeEventListener('abort', leave);
          waiters.delete(waiter);
          if (waiters.size === 0 && waiting.get(key) === waiters) waiting.delete(key);
          resolve(woken);
        };
        const waiter: Waiter = { after, wake: () => done(true) };
        const leave = () => done(false);
        const timer = setTimeout(leave, ms);
        signal.addEventListener('abort', leave, { once: true });
        waiters.add(waiter);
        waiting.set(key, waiters);
        if (!reading) void read();
        else if (restart && readerId !== undefined) void redis.client('UNBLOCK', readerId).catch(() => undefined);
      });
    },
  };
}
