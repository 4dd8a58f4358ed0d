import { timingSafeEqual } from 'node:crypto';
import { generateState, OAuth2Client, OAuth2RequestError } from 'arctic';
import type { GitHubConfig } from '../config.js';
import { GitHubError } from './github-api.js';

// GitHub's OAuth web flow through arctic's generic client: arctic's GitHub class names
// github.com itself, and the endpoints here come from configuration (GitHub Enterprise, tests).

/** Clone private repositories, read who the user is and their email, register push hooks. */
export const GITHUB_SCOPES = ['repo', 'read:user', 'user:email', 'admin:repo_hook'];

export const CALLBACK_PATH = '/api/auth/github/callback';

/** A sign-in that cannot complete as asked; the user can start it again. */
export class SignInRefused extends Error {
  constructor(
    readonly status: 400 | 409,
    message: string,
    readonly field?: string,
  ) {
    super(message);
  }
}

function client(github: GitHubConfig): OAuth2Client {
  return new OAuth2Client(github.clientId, github.clientSecret, `${github.publicUrl}${CALLBACK_PATH}`);
}

/** Where to send the browser, and the state it must come back with. */
export function startSignIn(github: GitHubConfig): { state: string; url: URL } {
  const state = generateState();
  return { state, url: client(github).createAuthorizationURL(`${github.url}/login/oauth/authorize`, state, GITHUB_SCOPES) };
}

/** The state the browser came back with is the one this browser was given. */
export function stateMatches(expected: string | undefined, received: string): boolean {
  if (expected === undefined) return false;
  const [a, b] = [Buffer.from(expected), Buffer.from(received)];
  return a.length === b.length && timingSafeEqual(a, b);
}

/** The user's access token for the code GitHub gave the browser. */
export async function exchangeCode(github: GitHubConfig, code: string): Promise<string> {
  let data: { access_token?: unknown; error?: unknown };
  try {
    data = (await client(github).validateAuthorizationCode(`${github.url}/login/oauth/access_token`, code, null)).data;
  } catch (error) {
    if (error instanceof OAuth2RequestError) throw refusal(error.code);
    throw new GitHubError((error as { status?: number }).status ?? null, 'GitHub did not exchange the sign-in code; try again');
  }
  // GitHub answers a refused code with 200 and an `error` field, which arctic's generic client takes for success.
  if (typeof data.error === 'string') throw refusal(data.error);
  if (typeof data.access_token !== 'string' || data.access_token === '') throw new GitHubError(200, 'GitHub answered the sign-in without a token');
  return data.access_token;
}

function refusal(code: string): Error {
  // An expired or reused code is the user's to retry; any other refusal is this install's OAuth app settings.
  if (code === 'bad_verification_code') return new SignInRefused(400, 'the sign-in code expired or was used already; sign in again', 'code');
  return new GitHubError(400, `GitHub refused the sign-in (${code}); check the OAuth app's client ID, secret and callback URL`);
}
