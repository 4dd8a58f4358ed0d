import { describe, expect, it } from 'vitest';
import { createFrameReader, createLogDecoder, parseLogLine, type RuntimeLogLine } from './docker-log-decoder.js';

// What `GET /containers/{id}/logs?timestamps=1` sends for a container without a TTY: frames of
// an 8-byte header (stream, 3 zero bytes, big-endian length) and one stamped log message each.
function frame(stream: 1 | 2, payload: string | Buffer): Buffer {
  const body = typeof payload === 'string' ? Buffer.from(payload) : payload;
  const header = Buffer.alloc(8);
  header[0] = stream;
  header.writeUInt32BE(body.length, 4);
  return Buffer.concat([header, body]);
}

const T1 = '2025-03-04T05:06:07.123456789Z';
const T2 = '2025-03-04T05:06:08.5Z';

function decode(chunks: Buffer[], tty = false): Array<Pick<RuntimeLogLine, 'stream' | 'text'> & { at: string }> {
  const decoder = createLogDecoder({ tty });
  const lines = [...chunks.flatMap((chunk) => decoder.push(chunk)), ...decoder.end()];
  return lines.map((line) => ({ at: line.at.toISOString(), stream: line.stream, text: line.text }));
}

function bytewise(buffer: Buffer): Buffer[] {
  return [...buffer].map((byte) => Buffer.from([byte]));
}

describe('runtime log decoding', () => {
  it('takes each line from its stream, with the time Docker logged it and without the stamp', () => {
    const body = Buffer.concat([frame(1, `${T1} listening on 3000\n`), frame(2, `${T2} warning: low memory\n`)]);
    expect(decode([body])).toEqual([
      { at: '2025-03-04T05:06:07.123Z', stream: 'stdout', text: 'listening on 3000' },
      { at: '2025-03-04T05:06:08.500Z', stream: 'stderr', text: 'warning: low memory' },
    ]);
  });

  it('reads the same lines however the body is cut into chunks, down to single bytes', () => {
    const body = Buffer.concat([frame(1, `${T1} one\n`), frame(2, `${T1} two\n`), frame(1, `${T2} three\n`)]);
    const whole = decode([body]);
    expect(whole.map((l) => l.text)).toEqual(['one', 'two', 'three']);
    expect(decode(bytewise(body))).toEqual(whole);
    expect(decode([body.subarray(0, 5), body.subarray(5, 20), body.subarray(20)])).toEqual(whole);
  });

  it('waits for the rest of a frame before reading it', () => {
    const reader = createFrameReader();
    const body = frame(2, `${T1} late\n`);
    expect(reader.push(body.subarray(0, 3))).toEqual([]);
    expect(reader.push(body.subarray(3, 12))).toEqual([]);
    expect(reader.push(body.subarray(12))).toEqual([{ stream: 'stderr', payload: Buffer.from(`${T1} late\n`) }]);
  });

  it('joins a long line Docker split into several stamped messages, keeping the first time', () => {
    const body = Buffer.concat([frame(1, `${T1} first half, `), frame(1, `${T2} second half\n`)]);
    expect(decode([body])).toEqual([{ at: '2025-03-04T05:06:07.123Z', stream: 'stdout', text: 'first half, second half' }]);
  });

  it('keeps a half-written stdout line apart from the stderr line written meanwhile', () => {
    const body = Buffer.concat([frame(1, `${T1} progress: `), frame(2, `${T1} oops\n`), frame(1, `${T2} done\n`)]);
    expect(decode([body]).map((l) => [l.stream, l.text])).toEqual([
      ['stderr', 'oops'],
      ['stdout', 'progress: done'],
    ]);
  });

  it('shows a last line that never ended in a newline once the stream ends', () => {
    const decoder = createLogDecoder({ tty: false });
    expect(decoder.push(frame(1, `${T1} no newline`))).toEqual([]);
    expect(decoder.end().map((l) => l.text)).toEqual(['no newline']);
  });

  it('keeps a character whose bytes are split between two messages', () => {
    const euro = Buffer.from('€');
    const body = Buffer.concat([
      frame(1, Buffer.concat([Buffer.from(`${T1} price: `), euro.subarray(0, 1)])),
      frame(1, Buffer.concat([Buffer.from(`${T2} `), euro.subarray(1), Buffer.from('5\n')])),
    ]);
    expect(decode([body]).map((l) => l.text)).toEqual(['price: €5']);
  });

  it('drops the carriage return a terminal puts before the newline', () => {
    expect(decode([frame(1, `${T1} hello\r\n`)]).map((l) => l.text)).toEqual(['hello']);
  });

  it('reads a container with a TTY as one raw stdout stream, stamped line by line', () => {
    const body = Buffer.from(`${T1} first\r\n${T2} second\r\n`);
    expect(decode(bytewise(body), true)).toEqual([
      { at: '2025-03-04T05:06:07.123Z', stream: 'stdout', text: 'first' },
      { at: '2025-03-04T05:06:08.500Z', stream: 'stdout', text: 'second' },
    ]);
  });

  it("orders lines by Docker's stamp to the nanosecond", () => {
    const seconds = BigInt(Date.UTC(2025, 2, 4, 5, 6, 7) / 1000);
    expect(parseLogLine('stdout', `${T1} a`).seq).toBe(seconds * 1_000_000_000n + 123_456_789n);
    expect(parseLogLine('stdout', `2025-03-04T05:06:07Z a`).seq).toBe(seconds * 1_000_000_000n);
    expect(parseLogLine('stdout', `2025-03-04T07:06:07.5+02:00 a`).seq).toBe(seconds * 1_000_000_000n + 500_000_000n);
    expect(parseLogLine('stdout', `${T2} b`).seq).toBeGreaterThan(parseLogLine('stdout', `${T1} a`).seq);
  });

  it('leaves a line without a stamp as it is', () => {
    expect(parseLogLine('stderr', 'plain text').text).toBe('plain text');
    expect(parseLogLine('stdout', `${T1} `).text).toBe('');
  });
});
