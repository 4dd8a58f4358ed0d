import { describe, expect, it } from 'vitest';
import { bearerToken } from './authenticate.js';

describe('the API token a request carries', () => {
  it('is the whole of a Bearer header’s credential', () => {
    expect(bearerToken('Bearer aether_0123abcd')).toBe('aether_0123abcd');
  });

  it('is none in a header of another scheme, or one with more than a token, so that no part of it is tried as one', () => {
    expect(bearerToken(undefined)).toBeUndefined();
    expect(bearerToken('Basic YWxpY2U6c2VjcmV0')).toBeUndefined();
    expect(bearerToken('Basic Bearer aether_0123abcd')).toBeUndefined();
    expect(bearerToken('Bearer aether_0123abcd trailing')).toBeUndefined();
    expect(bearerToken('Bearer ')).toBeUndefined();
  });
});
