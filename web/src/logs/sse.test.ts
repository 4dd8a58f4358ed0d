import { describe, expect, it } from 'vitest';
import { createSseParser } from './sse.js';

const stream = 'id: 1-0\ndata: {"text":"a"}\n\n: keep-alive\n\nid: 1-1\ndata: {"text":"b"}\n\nevent: end\ndata: {"status":"ready"}\n\n';

describe('Server-Sent Events from a text stream', () => {
  it('reads events, their IDs and names, and skips comments', () => {
    expect(createSseParser().push(stream)).toEqual([
      { event: 'message', id: '1-0', data: '{"text":"a"}' },
      { event: 'message', id: '1-1', data: '{"text":"b"}' },
      { event: 'end', id: '1-1', data: '{"status":"ready"}' },
    ]);
  });

  it('gives the same events whatever the chunks the stream arrives in', () => {
    for (const size of [1, 2, 3, 7, 50]) {
      const parser = createSseParser();
      const events = [];
      for (let at = 0; at < stream.length; at += size) events.push(...parser.push(stream.slice(at, at + size)));
      expect(events).toEqual(createSseParser().push(stream));
    }
  });

  it('ends lines at CRLF, CR or LF, even a CRLF split across chunks, and joins data lines', () => {
    const parser = createSseParser();
    expect([...parser.push('data:x\r'), ...parser.push('\ndata: y\r\r'), ...parser.push('event:e\ndata\n\n')]).toEqual([
      { event: 'message', id: '', data: 'x\ny' },
      { event: 'e', id: '', data: '' },
    ]);
  });

  it('waits for the blank line that ends an event', () => {
    expect(createSseParser().push('id: 2-0\ndata: half')).toEqual([]);
  });
});
