import { createHash, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { openPending, sealPending, startSignIn, stateMatches } from './oauth.js';

const github = { url: 'https://ghe.example.com', apiUrl: 'https://ghe.example.com/api/v3', clientId: 'client', clientSecret: 'secret', publicUrl: 'https://aether.example.com' };
const key = randomBytes(32);

describe('GitHub sign-in', () => {
  it('sends the browser to the configured GitHub with a fresh state, the callback, the scopes and an S256 challenge', () => {
    const { pending, url } = startSignIn(github, { kind: 'sign-in' });
    expect(`${url.origin}${url.pathname}`).toBe('https://ghe.example.com/login/oauth/authorize');
    expect(Object.fromEntries(url.searchParams)).toEqual({
      response_type: 'code',
      client_id: 'client',
      redirect_uri: 'https://aether.example.com/api/auth/github/callback',
      state: pending.state,
      scope: 'repo read:user user:email admin:repo_hook',
      code_challenge_method: 'S256',
      code_challenge: createHash('sha256').update(pending.verifier).digest('base64url'),
    });
    const again = startSignIn(github, { kind: 'sign-in' }).pending;
    expect(again.state).not.toBe(pending.state);
    expect(again.verifier).not.toBe(pending.verifier);
  });

  it('accepts only the state this browser was given', () => {
    expect(stateMatches('abc', 'abc')).toBe(true);
    expect(stateMatches('abc', 'abd')).toBe(false);
    expect(stateMatches('abc', 'abcd')).toBe(false);
    expect(stateMatches(undefined, 'abc')).toBe(false);
  });

  it('keeps the verifier and what the sign-in is for sealed in the cookie, refusing a forged one', () => {
    const { pending } = startSignIn(github, { kind: 'connect', sessionHash: 'f'.repeat(64) });
    const cookie = sealPending(key, pending);
    expect(cookie).not.toContain(pending.verifier);
    expect(openPending(key, cookie)).toEqual(pending);
    expect(openPending(randomBytes(32), cookie)).toBeUndefined();
    expect(openPending(key, JSON.stringify(pending))).toBeUndefined();
    expect(openPending(key, undefined)).toBeUndefined();
  });
});
