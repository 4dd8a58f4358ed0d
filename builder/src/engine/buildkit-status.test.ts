import { describe, expect, it } from 'vitest';
import { decodeStatus } from './buildkit-status.js';
import { bytesField, varintField } from './protobuf.js';

const text = (value: string) => new TextEncoder().encode(value);
const message = (...fields: Uint8Array[]) => Uint8Array.from(fields.flatMap((field) => [...field]));
const timestamp = (seconds: number) => varintField(1, seconds);
const base64 = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64');

describe('decodeStatus', () => {
  it('reads steps and their output, each field where control.proto puts it', () => {
    const vertex = message(
      bytesField(1, text('sha256:aaa')),
      bytesField(2, text('sha256:input')),
      bytesField(3, text('[2/3] RUN make')),
      varintField(4, 1),
      bytesField(5, timestamp(100)),
      bytesField(6, timestamp(103)),
      bytesField(7, text('exit code: 2')),
    );
    const log = message(bytesField(1, text('sha256:aaa')), bytesField(2, timestamp(101)), varintField(3, 2), bytesField(4, text('oops\n')), bytesField(9, text('?')));
    const status = message(bytesField(1, vertex), bytesField(2, text('a status')), bytesField(3, log), varintField(5, 1));
    expect(decodeStatus(base64(status))).toEqual({
      vertexes: [
        {
          digest: 'sha256:aaa',
          name: '[2/3] RUN make',
          cached: true,
          started: new Date(100_000),
          completed: new Date(103_000),
          error: 'exit code: 2',
        },
      ],
      logs: [{ vertex: 'sha256:aaa', timestamp: new Date(101_000), stream: 'stderr', text: 'oops\n' }],
    });
  });

  it('takes absent fields as empty, not cached, and stdout', () => {
    const status = message(bytesField(1, message(varintField(4, 0))), bytesField(3, varintField(3, 1)), bytesField(3, new Uint8Array()));
    expect(decodeStatus(base64(status))).toEqual({
      vertexes: [{ digest: '', name: '', cached: false, started: undefined, completed: undefined, error: '' }],
      logs: [
        { vertex: '', timestamp: new Date(0), stream: 'stdout', text: '' },
        { vertex: '', timestamp: new Date(0), stream: 'stdout', text: '' },
      ],
    });
  });
});
