import type { RuntimeLogLine } from './docker-log-decoder.js';
import type { RuntimeLogs } from './runtime-logs.js';

// One viewer's share of a container's log (runtime-logs.ts), read at the viewer's own pace. The
// shared stream pushes lines as Docker sends them; a viewer that falls too far behind is let go
// rather than buffered without bound, and its browser reconnects from the last line it got.

export type RuntimeLogItem = { type: 'line'; line: RuntimeLogLine } | { type: 'end' };

export interface RuntimeLogFeedOptions {
  /** The seq of the last line the viewer has: the backfill skips it and those before. */
  after?: bigint;
  /** Stops the feed without an `end`: the viewer left, or should reconnect. */
  signal: AbortSignal;
  /** Lines waiting for this viewer beyond which it is let go. */
  maxPending?: number;
}

const MAX_PENDING = 1_000;

/** The container's recent lines, then each new one, then `end` once its log ends (it stopped or went). */
export async function* runtimeLogFeed(logs: RuntimeLogs, containerId: string, options: RuntimeLogFeedOptions): AsyncGenerator<RuntimeLogItem> {
  const { after = -1n, signal, maxPending = MAX_PENDING } = options;
  const leaving = new AbortController();
  const leave = () => leaving.abort();
  signal.addEventListener('abort', leave, { once: true });
  if (signal.aborted) leave();
  const pending: RuntimeLogLine[] = [];
  let wake: (() => void) | undefined;
  let ended = false;

  const following = logs
    .follow(
      containerId,
      (line) => {
        if (line.seq <= after) return;
        pending.push(line);
        if (pending.length > maxPending) leave();
        wake?.();
      },
      leaving.signal,
    )
    // However the container's log stopped (it exited, was removed, the engine refused), it ended.
    .catch(() => undefined)
    .finally(() => {
      ended = true;
      wake?.();
    });

  try {
    for (;;) {
      while (pending.length > 0 && !leaving.signal.aborted) yield { type: 'line', line: pending.shift()! };
      if (leaving.signal.aborted) return;
      if (ended) {
        yield { type: 'end' };
        return;
      }
      await new Promise<void>((resolve) => (wake = resolve));
      wake = undefined;
    }
  } finally {
    signal.removeEventListener('abort', leave);
    leave();
    await following;
  }
}
