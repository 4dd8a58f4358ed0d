import { describe, expect, it } from 'vitest';
import { keptLines } from './runtime-filter.js';

const lines = ['stdout', 'stderr', 'stdout', 'stderr'].map((stream) => ({ stream }));
const lowered = ['listening on :3000', 'warn: slow start', 'get / 200', 'error: get /x failed'];

describe('filtering runtime lines', () => {
  it.each([
    [{ stream: 'all', text: '' }, [0, 1, 2, 3]],
    [{ stream: 'stderr', text: '' }, [1, 3]],
    [{ stream: 'stdout', text: 'GET' }, [2]],
    [{ stream: 'all', text: 'get /' }, [2, 3]],
    [{ stream: 'stderr', text: 'listening' }, []],
  ] as const)('%j keeps %j', (filter, kept) => {
    expect(keptLines(filter, lines, lowered)).toEqual(kept);
  });
});
