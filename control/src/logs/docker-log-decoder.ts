import { StringDecoder } from 'node:string_decoder';

// What `GET /containers/{id}/logs?timestamps=1` sends, read as lines: Docker's multiplexed
// frames (or a TTY's raw bytes) in, stamped lines out, whatever the chunks the body arrives in.
// Pure: runtime-logs.ts feeds it a live stream, container-logs.ts a finished one.

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

type Stream = RuntimeLogLine['stream'];

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
