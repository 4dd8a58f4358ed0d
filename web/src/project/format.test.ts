import { describe, expect, it } from 'vitest';
import { commitTitle, formatAge, formatDuration, shortId, shortSha } from './format.js';

describe('formatDuration', () => {
  it.each([
    [null, '–'],
    [0, '0ms'],
    [850, '850ms'],
    [1000, '1s'],
    [42_400, '42s'],
    [59_600, '1m 00s'],
    [185_000, '3m 05s'],
    [3_600_000, '1h 00m'],
    [3_725_000, '1h 02m'],
  ])('writes %s ms as %s', (ms, text) => {
    expect(formatDuration(ms)).toBe(text);
  });
});

describe('formatAge', () => {
  const now = Date.parse('2026-12-06T12:00:00Z');
  it.each([
    ['2026-12-06T11:59:30Z', 'just now'],
    ['2026-12-06T12:00:10Z', 'just now'],
    ['2026-12-06T11:55:00Z', '5m ago'],
    ['2026-12-06T09:00:00Z', '3h ago'],
    ['2026-12-04T12:00:00Z', '2d ago'],
  ])('writes %s as %s', (then, text) => {
    expect(formatAge(then, now)).toBe(text);
  });
});

describe('IDs and commits', () => {
  it('shortens a deployment ID to the eight hex digits of its host', () => {
    expect(shortId('0a1b2c3d-4e5f-6789-abcd-ef0123456789')).toBe('0a1b2c3d');
    expect(shortId('0a1b2c-3d4e-5f67-89ab-cdef01234567')).toBe('0a1b2c3d');
  });

  it('shortens a commit to seven digits and its message to its first line', () => {
    expect(shortSha('4f2c9a1e0b3d5f7a9c1e3b5d7f9a1c3e5b7d9f1a')).toBe('4f2c9a1');
    expect(shortSha(null)).toBeNull();
    expect(commitTitle('Fix the footer\n\nIt overlapped on phones.')).toBe('Fix the footer');
    expect(commitTitle(null)).toBeNull();
  });
});
