import { describe, expect, it } from 'vitest';
import { checkEnvVar, InvalidEnvVar } from './env-vars.js';

const valid = { key: 'DATABASE_URL', value: 'postgres://x', scope: 'production', secret: true } as const;

describe('checkEnvVar', () => {
  it('accepts a variable name and any value without NUL', () => {
    expect(() => checkEnvVar(valid)).not.toThrow();
    expect(() => checkEnvVar({ ...valid, key: '_X1', value: 'multi\nline = ok' })).not.toThrow();
  });

  it('names the key when it is not a variable name', () => {
    for (const key of ['', '1X', 'A-B', 'A B', 'A=B']) {
      expect(() => checkEnvVar({ ...valid, key })).toThrow(expect.objectContaining({ field: 'key' }) as InvalidEnvVar);
    }
  });

  it('tells how to fix the name or the value', () => {
    expect(() => checkEnvVar({ ...valid, key: '1X' })).toThrow('"1X" is not a variable name: letters, digits and _, not starting with a digit');
    expect(() => checkEnvVar({ ...valid, value: 'a\0b' })).toThrow('the value of DATABASE_URL contains a NUL character');
  });

  it('names the value when it holds a NUL', () => {
    expect(() => checkEnvVar({ ...valid, value: 'a\0b' })).toThrow(expect.objectContaining({ field: 'value' }) as InvalidEnvVar);
  });
});
