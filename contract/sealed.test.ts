import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { buildJobKey, open, parseSecretKey, seal } from './sealed.js';

const key = randomBytes(32);

describe('sealed values', () => {
  it('opens what it sealed, and never shows the plaintext', () => {
    const sealed = seal(key, 'ghp_token_value');
    expect(sealed).not.toContain('ghp_token_value');
    expect(sealed).not.toContain(Buffer.from('ghp_token_value').toString('base64'));
    expect(open(key, sealed)).toBe('ghp_token_value');
  });

  it('seals the same text differently each time', () => {
    expect(seal(key, 'x')).not.toBe(seal(key, 'x'));
  });

  it('refuses another key and any change to the sealed text', () => {
    const sealed = seal(key, 'secret');
    expect(() => open(randomBytes(32), sealed)).toThrow();
    const [v, iv, tag, body] = sealed.split('.');
    const flipped = Buffer.from(body!, 'base64');
    flipped[0]! ^= 1;
    expect(() => open(key, [v, iv, tag, flipped.toString('base64')].join('.'))).toThrow();
  });

  it('names the variable when the key is not 32 bytes of base64', () => {
    expect(parseSecretKey(randomBytes(32).toString('base64'))).toHaveLength(32);
    for (const bad of [undefined, '', 'short', randomBytes(16).toString('base64')]) {
      expect(() => parseSecretKey(bad)).toThrow(/^AETHER_SECRET_KEY: /);
    }
  });

  it('gives the builder a job key that opens jobs but nothing sealed at rest with the master key', () => {
    const jobKey = buildJobKey(key);
    expect(jobKey).toHaveLength(32);
    expect(jobKey.equals(key)).toBe(false);
    expect(buildJobKey(key).equals(jobKey)).toBe(true);
    expect(open(jobKey, seal(jobKey, 'job credentials'))).toBe('job credentials');
    expect(() => open(jobKey, seal(key, 'a variable at rest'))).toThrow();
  });
});
