import { createSseParser, type ServerEvent } from './sse.js';

// A log's Server-Sent Events, kept live. Each event's ID is where the log stands: a stream that
// closed without its `end` (the server's time limit, a restart, a tab the browser froze in the
// background) is opened again with `Last-Event-ID`, so no line comes twice or goes missing. Read
// with fetch rather than EventSource (see sse.ts): a backlog of 100,000 lines must not freeze the
// page while it arrives.

export interface LogStreamHandlers {
  /** Lines come in batches: a backlog of 100,000 costs a few renders, not 100,000. */
  onLines(events: ServerEvent[]): void;
  /** The log is complete, every line told; the stream is closed. */
  onEnd(data: string): void;
  /** The stream was refused or closed before its end; `status` is the HTTP one, 0 for the network. */
  onClosed(status: number): void;
}

export interface LogStream {
  reconnect(): void;
  stop(): void;
}

const BATCH_MS = 100;
/** Lines handed over in one task: parsing more at once would be a long task the user feels. */
const MAX_BATCH = 2_000;

export function followLog(url: string, handlers: LogStreamHandlers): LogStream {
  let lastId: string | undefined;
  let ended = false;
  /** The `end` event's data, told once the lines before it are. */
  let end: string | undefined;
  let reading: AbortController | undefined;
  let pending: ServerEvent[] = [];
  let timer: ReturnType<typeof setTimeout> | undefined;

  function flush() {
    clearTimeout(timer);
    timer = undefined;
    const batch = pending.splice(0, MAX_BATCH);
    if (batch.length > 0) handlers.onLines(batch);
    if (pending.length > 0) timer = setTimeout(flush, 0);
    else if (end !== undefined) {
      handlers.onEnd(end);
      end = undefined;
    }
  }

  function take(event: ServerEvent) {
    if (event.event === 'end') {
      ended = true;
      end = event.data;
      flush();
    } else if (event.event === 'message') {
      lastId = event.id;
      pending.push(event);
      timer ??= setTimeout(flush, BATCH_MS);
    }
  }

  async function open() {
    reading?.abort();
    const mine = new AbortController();
    reading = mine;
    let status = 0;
    try {
      const headers: Record<string, string> = { accept: 'text/event-stream', ...(lastId !== undefined && { 'last-event-id': lastId }) };
      const response = await fetch(url, { headers, credentials: 'same-origin', cache: 'no-store', signal: mine.signal });
      status = response.status;
      if (response.ok && response.body) {
        const parser = createSseParser();
        const chunks = response.body.pipeThrough(new TextDecoderStream()).getReader();
        for (let chunk = await chunks.read(); !chunk.done && !ended; chunk = await chunks.read()) {
          for (const event of parser.push(chunk.value)) take(event);
        }
        if (ended) mine.abort();
      }
    } catch {
      // The network failed or we aborted: either way the stream is closed, as below.
    }
    if (reading !== mine) return;
    reading = undefined;
    flush();
    if (!ended) handlers.onClosed(status);
  }

  function onVisible() {
    if (document.visibilityState === 'visible' && !ended && reading === undefined) void open();
  }

  document.addEventListener('visibilitychange', onVisible);
  void open();
  return {
    reconnect() {
      if (!ended) void open();
    },
    stop() {
      ended = true;
      clearTimeout(timer);
      pending = [];
      end = undefined;
      reading?.abort();
      document.removeEventListener('visibilitychange', onVisible);
    },
  };
}
