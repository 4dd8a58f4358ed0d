import { Readable } from 'node:stream';
import { StringDecoder } from 'node:string_decoder';
import type Docker from 'dockerode';

// A deployment's logs live in Docker, and every open `docker logs --follow` holds a connection
// to the engine and a reader on the container's log file. Viewers of one container therefore
// share one Docker stream: it opens with the first viewer, keeps the last lines in memory for
// those who join later, and closes with the last viewer, when nobody is left to read it.

export interface RuntimeLogLine {
  at: Date;
  stream: 'stdout' | 'stderr';
  text: string;
  /**
   * Orders a container's lines, so a viewer that reconnects skips those it has: Docker's stamp in
   * nanoseconds, the same for every viewer and every control instance.
   */
  seq: bigint;
}

export interface RuntimeLogs {
  /** Backfill: the last `backfill` lines already written (from the container's log), then every new line until `signal` aborts. */
  follow(containerId: string, onLine: (line: RuntimeLogLine) => void, signal: AbortSignal): Promise<void>;
  close(): void;
}

type Stream = RuntimeLogLine['stream'];

const DEFAULT_BACKFILL = 200;
const HEADER_BYTES = 8;
const NEWLINE = 0x0a;
/** Docker's RFC3339Nano, then the one space it puts before the text. */
const TIMESTAMP = /^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?(?:Z|[+-]\d\d:\d\d)) /;
/** Longer than any timestamp Docker writes, so a search for one looks no further into the text. */
const TIMESTAMP_MAX_BYTES = 40;

export interface LogFrame {
  stream: Stream;
  payload: Buffer;
}

/**
 * Splits Docker's multiplexed stream into its frames, whatever the chunks it arrives in.
 * Byte 0 of a header is 1 for stdout and 2 for stderr; 3 carries the engine's own error about
 * the stream, which the viewer should see, so it goes with stderr.
 */
export function createFrameReader(): { push(chunk: Buffer): LogFrame[] } {
  let buffered: Buffer = Buffer.alloc(0);
  return {
    push(chunk) {
      buffered = buffered.length === 0 ? chunk : Buffer.concat([buffered, chunk]);
      const frames: LogFrame[] = [];
      while (buffered.length >= HEADER_BYTES) {
        const end = HEADER_BYTES + buffered.readUInt32BE(4);
        if (buffered.length < end) break;
        frames.push({ stream: buffered[0] === 1 ? 'stdout' : 'stderr', payload: buffered.subarray(HEADER_BYTES, end) });
        buffered = buffered.subarray(end);
      }
      return frames;
    },
  };
}

/** One line as Docker wrote it with `timestamps: true`: the time it was logged, then the text. */
export function parseLogLine(stream: Stream, raw: string): RuntimeLogLine {
  const match = TIMESTAMP.exec(raw);
  const text = match ? raw.slice(match[0].length) : raw;
  // Docker always stamps a line it was asked to; the clock is only a fallback for a malformed one.
  const stamp = match?.[1] ?? new Date().toISOString();
  return { at: new Date(stamp), stream, text: text.endsWith('\r') ? text.slice(0, -1) : text, seq: nanoseconds(stamp) };
}

/** An RFC 3339 time with up to nanoseconds, as nanoseconds since the epoch. */
function nanoseconds(stamp: string): bigint {
  const fraction = /\.(\d+)/.exec(stamp)?.[1] ?? '';
  const seconds = Math.floor(Date.parse(stamp) / 1000);
  return BigInt(seconds) * 1_000_000_000n + BigInt(fraction.padEnd(9, '0').slice(0, 9));
}

export interface LogDecoder {
  /** The lines this chunk of Docker's log body completes. */
  push(chunk: Buffer): RuntimeLogLine[];
  /** Flushes a last line that never ended in a newline. */
  end(): RuntimeLogLine[];
}

/** A container with a TTY has one output, sent raw; without, Docker multiplexes stdout and stderr. */
export function createLogDecoder(options: { tty: boolean }): LogDecoder {
  const stdout = createLineAssembler('stdout');
  if (options.tty) return { push: (chunk) => stdout.text(chunk), end: () => stdout.end() };
  const stderr = createLineAssembler('stderr');
  const frames = createFrameReader();
  return {
    push: (chunk) => frames.push(chunk).flatMap((frame) => (frame.stream === 'stdout' ? stdout : stderr).message(frame.payload)),
    end: () => [...stdout.end(), ...stderr.end()],
  };
}

function createLineAssembler(stream: Stream) {
  // Bytes, not strings, until a frame's text is known to be whole: a character may span frames.
  const decoder = new StringDecoder('utf8');
  let partial = '';
  let midLine = false;
  const add = (text: string): RuntimeLogLine[] => {
    const parts = (partial + text).split('\n');
    partial = parts.pop() ?? '';
    return parts.map((raw) => parseLogLine(stream, raw));
  };
  return {
    /**
     * One frame is one Docker log message, stamped on its own. Docker cuts a very long line into
     * several messages, each stamped; the line keeps the time of its first.
     */
    message(payload: Buffer): RuntimeLogLine[] {
      const text = midLine ? withoutTimestamp(payload) : payload;
      midLine = payload.at(-1) !== NEWLINE;
      return add(decoder.write(text));
    },
    text: (chunk: Buffer): RuntimeLogLine[] => add(decoder.write(chunk)),
    end(): RuntimeLogLine[] {
      const rest = partial + decoder.end();
      partial = '';
      return rest === '' ? [] : [parseLogLine(stream, rest)];
    },
  };
}

function withoutTimestamp(payload: Buffer): Buffer {
  const match = TIMESTAMP.exec(payload.subarray(0, TIMESTAMP_MAX_BYTES).toString('latin1'));
  return match ? payload.subarray(match[0].length) : payload;
}

/** The last `capacity` items pushed, oldest first. */
export function createRing<T>(capacity: number): { push(item: T): void; items(): T[] } {
  const slots: T[] = [];
  let oldest = 0;
  return {
    push(item) {
      if (capacity <= 0) return;
      if (slots.length < capacity) {
        slots.push(item);
        return;
      }
      slots[oldest] = item;
      oldest = (oldest + 1) % capacity;
    },
    items: () => [...slots.slice(oldest), ...slots.slice(0, oldest)],
  };
}

interface Viewer {
  onLine(line: RuntimeLogLine): void;
  done(error?: unknown): void;
}

interface SharedTail {
  join(viewer: Viewer): void;
  leave(viewer: Viewer, error?: unknown): void;
  finish(error?: unknown): void;
}

export function runtimeLogs(docker: Docker, options: { backfill?: number } = {}): RuntimeLogs {
  const backfill = options.backfill ?? DEFAULT_BACKFILL;
  const tails = new Map<string, SharedTail>();
  let closed = false;

  const tailOf = (containerId: string): SharedTail => {
    const existing = tails.get(containerId);
    if (existing) return existing;
    const tail = shareTail(docker.getContainer(containerId), backfill, () => tails.delete(containerId));
    tails.set(containerId, tail);
    return tail;
  };

  return {
    follow(containerId, onLine, signal) {
      if (closed) return Promise.reject(new Error('runtime logs are closed'));
      if (signal.aborted) return Promise.resolve();
      const tail = tailOf(containerId);
      return new Promise((resolve, reject) => {
        const leave = () => tail.leave(viewer);
        const viewer: Viewer = {
          onLine,
          done(error) {
            signal.removeEventListener('abort', leave);
            if (error === undefined) resolve();
            else reject(error);
          },
        };
        signal.addEventListener('abort', leave, { once: true });
        tail.join(viewer);
      });
    },
    close() {
      closed = true;
      for (const tail of [...tails.values()]) tail.finish();
    },
  };
}

/** One Docker stream for a container, fanned out to its viewers; `onEnd` runs once when it ends. */
function shareTail(container: Docker.Container, backfill: number, onEnd: () => void): SharedTail {
  const viewers = new Set<Viewer>();
  const recent = createRing<RuntimeLogLine>(backfill);
  let stream: Readable | undefined;
  let ended = false;
  let lastSeq = -1n;

  const finish = (error?: unknown): void => {
    if (ended) return;
    ended = true;
    stream?.destroy();
    onEnd();
    for (const viewer of viewers) viewer.done(error);
    viewers.clear();
  };
  const leave = (viewer: Viewer, error?: unknown): void => {
    if (!viewers.delete(viewer)) return;
    viewer.done(error);
    if (viewers.size === 0) finish();
  };
  // A viewer whose handler throws is a broken viewer, not a broken stream: it alone is dropped.
  const send = (viewer: Viewer, line: RuntimeLogLine): void => {
    if (!viewers.has(viewer)) return;
    try {
      viewer.onLine(line);
    } catch (error) {
      leave(viewer, error);
    }
  };
  const deliver = (lines: RuntimeLogLine[]): void => {
    for (const decoded of lines) {
      // A line half written when another stream's line was logged carries the earlier stamp;
      // its seq still follows the line delivered before it.
      const line = decoded.seq > lastSeq ? decoded : { ...decoded, seq: lastSeq + 1n };
      lastSeq = line.seq;
      recent.push(line);
      for (const viewer of viewers) send(viewer, line);
    }
  };

  openLogStream(container, backfill).then(({ body, tty }) => {
    if (ended) return void body.destroy();
    stream = body;
    readLogStream(body, tty, deliver, finish);
  }, finish);

  return {
    join(viewer) {
      viewers.add(viewer);
      // Synchronous, so no line arrives between the backfill and the first new line.
      for (const line of recent.items()) send(viewer, line);
    },
    leave,
    finish,
  };
}

function readLogStream(body: Readable, tty: boolean, onLines: (lines: RuntimeLogLine[]) => void, onEnd: (error?: unknown) => void): void {
  const decoder = createLogDecoder({ tty });
  body.on('data', (chunk: Buffer) => onLines(decoder.push(chunk)));
  body.on('end', () => {
    onLines(decoder.end());
    onEnd();
  });
  body.on('error', onEnd);
  // A connection that drops without an error still ends what a viewer can see.
  body.on('close', () => onEnd());
}

async function openLogStream(container: Docker.Container, backfill: number): Promise<{ body: Readable; tty: boolean }> {
  const info = await container.inspect();
  const body = await container.logs({ follow: true, stdout: true, stderr: true, timestamps: true, tail: backfill });
  // dockerode types the body as a bare ReadableStream; it is the HTTP response, which can be destroyed.
  if (!(body instanceof Readable)) throw new Error('Docker returned a log stream that cannot be closed');
  return { body, tty: info.Config.Tty };
}
