import { describe, expect, it } from 'vitest';
import { startSignIn, stateMatches } from './oauth.js';

const github = { url: 'https://ghe.example.com', apiUrl: 'https://ghe.example.com/api/v3', clientId: 'client', clientSecret: 'secret', publicUrl: 'https://aether.example.com' };

describe('GitHub sign-in', () => {
  it('sends the browser to the configured GitHub with a fresh state, the callback and the scopes', () => {
    const { state, url } = startSignIn(github);
    expect(`${url.origin}${url.pathname}`).toBe('https://ghe.example.com/login/oauth/authorize');
    expect(Object.fromEntries(url.searchParams)).toEqual({
      response_type: 'code',
      client_id: 'client',
      redirect_uri: 'https://aether.example.com/api/auth/github/callback',
      state,
      scope: 'repo read:user user:email admin:repo_hook',
    });
    expect(startSignIn(github).state).not.toBe(state);
  });

  it('accepts only the state this browser was given', () => {
    expect(stateMatches('abc', 'abc')).toBe(true);
    expect(stateMatches('abc', 'abd')).toBe(false);
    expect(stateMatches('abc', 'abcd')).toBe(false);
    expect(stateMatches(undefined, 'abc')).toBe(false);
  });
});
