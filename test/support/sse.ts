// Server-Sent Events read off a real HTTP connection, parsed as a browser's EventSource parses
// them (https://html.spec.whatwg.org/multipage/server-sent-events.html#event-stream-interpretation),
// so the tests see what a dashboard would.

export interface ServerEvent {
  /** `message` unless the server named it. */
  event: string;
  data: string;
  /** The last ID the stream set, which EventSource would send back as Last-Event-ID. */
  id: string;
}

export interface EventStream {
  status: number;
  /** The response's body, when it was not an event stream. */
  body: string;
  /** The next event, or null once the server closed the stream. */
  next(timeoutMs?: number): Promise<ServerEvent | null>;
  /** Events until one satisfies `done` (included) or the stream closes. */
  until(done: (event: ServerEvent) => boolean, timeoutMs?: number): Promise<ServerEvent[]>;
  close(): void;
}

export async function openEvents(url: string, headers: Record<string, string> = {}): Promise<EventStream> {
  const aborter = new AbortController();
  const response = await fetch(url, { headers: { accept: 'text/event-stream', ...headers }, signal: aborter.signal });
  if (!response.headers.get('content-type')?.startsWith('text/event-stream')) {
    const body = await response.text();
    return { status: response.status, body, next: async () => null, until: async () => [], close: () => undefined };
  }
  const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
  const parser = createParser();
  const ready: ServerEvent[] = [];
  let closed = false;

  async function next(timeoutMs = 20_000): Promise<ServerEvent | null> {
    const deadline = Date.now() + timeoutMs;
    while (ready.length === 0 && !closed) {
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`no event from ${url} within ${timeoutMs} ms`)), Math.max(0, deadline - Date.now()));
      });
      const chunk = await Promise.race([reader.read(), timeout]).finally(() => clearTimeout(timer));
      if (chunk.done) closed = true;
      else ready.push(...parser.push(chunk.value));
    }
    return ready.shift() ?? null;
  }

  return {
    status: response.status,
    body: '',
    next,
    async until(done, timeoutMs) {
      const events: ServerEvent[] = [];
      for (;;) {
        const event = await next(timeoutMs);
        if (event === null) return events;
        events.push(event);
        if (done(event)) return events;
      }
    },
    close: () => aborter.abort(),
  };
}

function createParser(): { push(text: string): ServerEvent[] } {
  let buffered = '';
  let event = '';
  let data: string[] = [];
  let id = '';
  return {
    push(text) {
      buffered += text;
      const lines = buffered.split(/\r\n|\r|\n/);
      buffered = lines.pop() ?? '';
      const events: ServerEvent[] = [];
      for (const line of lines) {
        if (line === '') {
          if (data.length > 0) events.push({ event: event || 'message', data: data.join('\n'), id });
          event = '';
          data = [];
          continue;
        }
        if (line.startsWith(':')) continue;
        const colon = line.indexOf(':');
        const field = colon === -1 ? line : line.slice(0, colon);
        const value = colon === -1 ? '' : line.slice(colon + 1).replace(/^ /, '');
        if (field === 'event') event = value;
        else if (field === 'data') data.push(value);
        else if (field === 'id' && !value.includes('\0')) id = value;
      }
      return events;
    },
  };
}
