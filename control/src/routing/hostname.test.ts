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

  it('takes a name typed with spaces around it, and one of exactly 253 characters', () => {
    expect(parseHostname('  shop.example.com\n')).toBe('shop.example.com');
    const longest = `${'a'.repeat(63)}.${'b'.repeat(63)}.${'c'.repeat(63)}.${'d'.repeat(61)}`;
    expect(longest).toHaveLength(253);
    expect(parseHostname(longest)).toBe(longest);
  });

  it('says what is wrong with a name, naming the field', () => {
    const refusal = (input: string) => {
      try {
        parseHostname(input);
      } catch (error) {
        return { message: (error as InvalidHostnameError).message, field: (error as InvalidHostnameError).field };
      }
    };
    expect(refusal('')).toEqual({ message: 'invalid host name "": must be 1 to 253 characters', field: 'hostname' });
    expect(refusal('a_b.com')).toEqual({
      message: 'invalid host name "a_b.com": each dot-separated label must be 1 to 63 letters, digits or hyphens, not starting or ending with a hyphen',
      field: 'hostname',
    });
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
