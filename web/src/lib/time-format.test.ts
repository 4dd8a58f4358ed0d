import { describe, expect, it } from 'vitest';
import { formatDuration, relativeTime } from './time-format.js';

describe('relativeTime', () => {
  const now = Date.parse('2026-12-06T12:00:00Z');
  const ago = (ms: number) => new Date(now - ms).toISOString();

  it.each([
    [0, 'just now'],
    [59_000, 'just now'],
    [-30_000, 'just now'],
    [60_000, '1 min ago'],
    [3 * 60_000 + 59_000, '3 min ago'],
    [59 * 60_000, '59 min ago'],
    [3_600_000, '1 h ago'],
    [23 * 3_600_000, '23 h ago'],
    [24 * 3_600_000, 'yesterday'],
    [2 * 24 * 3_600_000, '2 days ago'],
    [30 * 24 * 3_600_000, '30 days ago'],
    [31 * 24 * 3_600_000, '2026-11-05'],
  ])('%i ms ago reads %s', (ms, text) => {
    expect(relativeTime(ago(ms), now)).toBe(text);
  });
});

describe('formatDuration', () => {
  it.each([
    [null, '–'],
    [0, '0.0s'],
    [400, '0.4s'],
    [850, '0.9s'],
    [12_345, '12.3s'],
    [42_400, '42.4s'],
    [59_960, '1m 00s'],
    [65_000, '1m 05s'],
    [185_000, '3m 05s'],
    [3_600_000, '1h 00m'],
    [3_725_000, '1h 02m'],
  ])('writes %s ms as %s', (ms, text) => {
    expect(formatDuration(ms)).toBe(text);
  });
});
