import { setMaxListeners } from 'node:events';
import { type SSEStreamingApi, streamSSE } from 'hono/streaming';
import { Refusal } from '../../../shared/refusal.js';
import type { ApiContext, ApiDependencies } from './context.js';

/** A stream closes after this long, and its browser reconnects: no viewer holds a connection without end. */
const MAX_STREAM_MS = 10 * 60_000;
/** Proxies close a connection that stays silent (Cloudflare after 100 s): a comment line keeps it open. */
const KEEP_ALIVE_MS = 25_000;

/** A user's streams open at once on this instance: a dashboard tab holds up to three. */
export const STREAMS_PER_USER = 50;
const openStreams = new Map<string, number>();

/**
 * Server-Sent Events: runs `send` for one viewer until it returns, the viewer leaves, control
 * stops or the time is up. Refused with 429 past a user's streams at once, each of which holds a
 * socket and timers of this process.
 */
export function eventStream(
  c: ApiContext,
  deps: Pick<ApiDependencies, 'stopping'>,
  onUnexpected: (error: unknown) => void,
  send: (stream: SSEStreamingApi, signal: AbortSignal) => Promise<void>,
): Response {
  const userId = c.get('user').id;
  const open = openStreams.get(userId) ?? 0;
  if (open >= STREAMS_PER_USER) throw new Refusal(429, `at most ${STREAMS_PER_USER} open streams at once: close some tabs`, undefined, 5);
  openStreams.set(userId, open + 1);
  return streamSSE(c, async (stream) => {
    const viewer = new AbortController();
    // The time limit and control's stop close the socket too: a viewer that reads nothing would
    // otherwise keep `send` waiting on its write, and the socket with it.
    const stop = () => {
      viewer.abort();
      void stream.close().catch(() => undefined);
    };
    stream.onAbort(stop);
    // Every open stream waits on `stopping`: as many listeners as viewers is no leak.
    setMaxListeners(0, deps.stopping);
    deps.stopping.addEventListener('abort', stop, { once: true });
    const limit = setTimeout(stop, MAX_STREAM_MS);
    const keepAlive = setInterval(() => void stream.write(': keep-alive\n\n').catch(stop), KEEP_ALIVE_MS);
    try {
      await send(stream, viewer.signal);
    } catch (error) {
      // Headers are gone: the viewer sees the stream close, and reconnects.
      if (!viewer.signal.aborted) onUnexpected(error);
    } finally {
      clearTimeout(limit);
      clearInterval(keepAlive);
      const left = (openStreams.get(userId) ?? 1) - 1;
      if (left === 0) openStreams.delete(userId);
      else openStreams.set(userId, left);
      deps.stopping.removeEventListener('abort', stop);
    }
  });
}
