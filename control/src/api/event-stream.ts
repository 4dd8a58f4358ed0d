import { setMaxListeners } from 'node:events';
import { type SSEStreamingApi, streamSSE } from 'hono/streaming';
import type { ApiContext, ApiDependencies } from './context.js';

/** A stream closes after this long, and its browser reconnects: no viewer holds a connection without end. */
const MAX_STREAM_MS = 10 * 60_000;
/** Proxies close a connection that stays silent (Cloudflare after 100 s): a comment line keeps it open. */
const KEEP_ALIVE_MS = 25_000;

/** Server-Sent Events: runs `send` for one viewer until it returns, the viewer leaves, control stops or the time is up. */
export function eventStream(
  c: ApiContext,
  deps: Pick<ApiDependencies, 'stopping'>,
  onUnexpected: (error: unknown) => void,
  send: (stream: SSEStreamingApi, signal: AbortSignal) => Promise<void>,
): Response {
  return streamSSE(c, async (stream) => {
    const viewer = new AbortController();
    const stop = () => viewer.abort();
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
      deps.stopping.removeEventListener('abort', stop);
    }
  });
}
