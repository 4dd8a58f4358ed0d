// A log's Server-Sent Events, kept live. Each event's ID is where the log stands: the browser sends
// it back (Last-Event-ID) when it reconnects by itself, and when it gave up (an HTTP error, a tab
// the browser froze in the background) a new EventSource resumes from it (`?lastEventId=`), so no
// line comes twice or goes missing. The `end` event means the log is complete: the stream is closed
// then, or the browser would reconnect to an end it already has.

export interface LogEvent {
  id: string;
  data: string;
}

export interface LogStreamHandlers {
  /** Lines come in batches: a backlog of 100,000 costs a few renders, not 100,000. */
  onLines(events: LogEvent[]): void;
  onEnd(data: string): void;
  /** The browser stopped reconnecting; `reconnect` when it makes sense. */
  onClosed(): void;
}

export interface LogStream {
  reconnect(): void;
  stop(): void;
}

const BATCH_MS = 100;

export function followLog(url: string, handlers: LogStreamHandlers): LogStream {
  let lastId: string | undefined;
  let ended = false;
  let pending: LogEvent[] = [];
  let timer: ReturnType<typeof setTimeout> | undefined;
  let source: EventSource | undefined;

  function flush() {
    clearTimeout(timer);
    timer = undefined;
    if (pending.length === 0) return;
    const batch = pending;
    pending = [];
    handlers.onLines(batch);
  }

  function open() {
    source?.close();
    const events = new EventSource(lastId === undefined ? url : `${url}?lastEventId=${encodeURIComponent(lastId)}`);
    events.onmessage = (event) => {
      lastId = event.lastEventId;
      pending.push({ id: event.lastEventId, data: event.data as string });
      timer ??= setTimeout(flush, BATCH_MS);
    };
    events.addEventListener('end', (event) => {
      ended = true;
      events.close();
      flush();
      handlers.onEnd((event as MessageEvent<string>).data);
    });
    events.onerror = () => {
      if (events.readyState !== EventSource.CLOSED) return;
      flush();
      handlers.onClosed();
    };
    source = events;
  }

  function onVisible() {
    if (document.visibilityState === 'visible' && !ended && source?.readyState === EventSource.CLOSED) open();
  }

  document.addEventListener('visibilitychange', onVisible);
  open();
  return {
    reconnect: () => {
      if (!ended) open();
    },
    stop: () => {
      ended = true;
      clearTimeout(timer);
      source?.close();
      document.removeEventListener('visibilitychange', onVisible);
    },
  };
}
