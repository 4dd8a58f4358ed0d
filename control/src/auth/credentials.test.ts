import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { issueCredential, isUnexpired, LAST_USED_PRECISION_MS, lastUsedIsStale, SESSION_TTL_MS, sessionExpiry, tokenHash } from './credentials.js';

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

describe('credentials', () => {
  it('keeps only the SHA-256 of a token: nothing kept opens anything, and the token is 256 random bits after its prefix', () => {
    const expiresAt = new Date('2027-01-01T00:00:00Z');
    const { token, kept } = issueCredential('aether_', expiresAt);

    expect(kept).toEqual({ tokenHash: sha256(token), expiresAt });
    expect(JSON.stringify(kept)).not.toContain(token.slice('aether_'.length, 20));
    expect(token).toMatch(/^aether_[A-Za-z0-9_-]{43}$/);
    expect(tokenHash(token)).toBe(sha256(token));
    expect(issueCredential('aether_', null).token).not.toBe(issueCredential('aether_', null).token);
  });

  it('ends a session thirty days after it starts', () => {
    const now = new Date('2026-12-06T00:00:00Z');
    expect(sessionExpiry(now)).toEqual(new Date('2027-01-05T00:00:00Z'));
    expect(SESSION_TTL_MS).toBe(30 * 24 * 3600 * 1000);
  });

  it('opens nothing from the moment a credential expires, and a token without expiry never does', () => {
    const now = new Date('2026-12-06T12:00:00Z');
    const at = (ms: number) => new Date(now.getTime() + ms);
    expect([isUnexpired(at(1), now), isUnexpired(at(0), now), isUnexpired(at(-1), now)]).toEqual([true, false, false]);
    expect(isUnexpired(null, now)).toBe(true);
  });

  it('records a use only when the last one recorded is over a minute old', () => {
    const now = new Date('2026-12-06T12:00:00Z');
    const ago = (ms: number) => new Date(now.getTime() - ms);
    expect(lastUsedIsStale(null, now)).toBe(true);
    expect([lastUsedIsStale(ago(LAST_USED_PRECISION_MS + 1), now), lastUsedIsStale(ago(LAST_USED_PRECISION_MS), now), lastUsedIsStale(ago(0), now)]).toEqual([true, false, false]);
    expect(LAST_USED_PRECISION_MS).toBe(60_000);
  });
});
