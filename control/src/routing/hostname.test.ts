import { describe, expect, it } from 'vitest';
import { InvalidHostnameError, parseHostname } from './hostname.js';

describe('parseHostname', () => {
  it('lower-cases and drops a trailing dot', () => {
    expect(parseHostname('Blog.Example.COM.')).toBe('blog.example.com');
  });

  it('accepts a 63-character label and a single-label name', () => {
    const long = `${'a'.repeat(63)}.localhost`;
    expect(parseHostname(long)).toBe(long);
    expect(parseHostname('localhost')).toBe('localhost');
  });

  it.each([
    'evil`) || Host(`x.com',
    'a b.com',
    '-start.com',
    'end-.com',
    'double..dot.com',
    `${'a'.repeat(64)}.com`,
    `${'a.'.repeat(127)}com`,
    '',
    'under_score.com',
  ])('refuses %j', (input) => {
    expect(() => parseHostname(input)).toThrow(InvalidHostnameError);
  });
});
