import { describe, expect, it } from 'vitest';
import { commitTitle, shortId, shortSha } from './format.js';

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
