import { describe, expect, it } from 'vitest';
import { BEFORE_FIRST, formatStreamId, isAfter, parseStreamId } from './stream-id.js';

describe('stream IDs', () => {
  it('reads back what it writes', () => {
    expect(parseStreamId('1735732800123-7')).toEqual({ ms: 1735732800123, seq: 7 });
    expect(formatStreamId({ ms: 1735732800123, seq: 7 })).toBe('1735732800123-7');
    expect(formatStreamId(BEFORE_FIRST)).toBe('0-0');
  });

  it('refuses what is not an ID Postgres could hold', () => {
    for (const text of ['', '17', '17-', '-1', '1-2-3', ' 1-2', '1.5-2', '99999999999999999-0', '1-2147483648', '$', '>']) {
      expect(parseStreamId(text), text).toBeNull();
    }
    expect(parseStreamId('1-2147483647')).toEqual({ ms: 1, seq: 2147483647 });
  });

  it('orders by time, then by sequence within a millisecond', () => {
    expect(isAfter({ ms: 2, seq: 0 }, { ms: 1, seq: 9 })).toBe(true);
    expect(isAfter({ ms: 1, seq: 10 }, { ms: 1, seq: 9 })).toBe(true);
    expect(isAfter({ ms: 1, seq: 9 }, { ms: 1, seq: 9 })).toBe(false);
    expect(isAfter({ ms: 1, seq: 9 }, { ms: 2, seq: 0 })).toBe(false);
  });
});
