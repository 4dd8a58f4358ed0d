import { timingSafeEqual } from 'node:crypto';
import { CodeChallengeMethod, generateCodeVerifier, generateState, OAuth2Client, OAuth2RequestError } from 'arctic';
import { z } from 'zod';
import { open, seal } from '../../../contract/sealed.js';
import { Refusal } from '../../../shared/refusal.js';
import type { GitHubConfig } from '../config.js';
import { GitHubError } from './github-api.js';

// GitHub's OAuth web flow through arctic's generic client: arctic's GitHub class names
// github.com itself, and the endpoints here come from configuration (GitHub Enterprise, tests).

/** Clone private repositories, read who the user is and their email, register push hooks. */
export const GITHUB_SCOPES = ['repo', 'read:user', 'user:email', 'admin:repo_hook'];

export const CALLBACK_PATH = '/api/auth/github/callback';

/** A sign-in that cannot complete as asked; the user can start it again. */
export class SignInRefused extends Refusal {
  constructor(
    override readonly status: 400 | 409,
    message: string,
    field?: string,
  ) {
    super(status, message, field);
  }
}

function client(github: GitHubConfig): OAuth2Client {
  return new OAuth2Client(github.clientId, github.clientSecret, `${github.publicUrl}${CALLBACK_PATH}`);
}

const pendingSchema = z.object({
  state: z.string(),
  verifier: z.string(),
  intent: z.discriminatedUnion('kind', [
    /** Into the account linked to the GitHub user, or a new one the sign-up rule lets in (with this invite). */
    z.object({ kind: z.literal('sign-in'), invite: z.string().optional() }),
    /** Link the GitHub user to the account of the browser session whose token hashes to this. */
    z.object({ kind: z.literal('connect'), sessionHash: z.string() }),
  ]),
});

/** A sign-in a browser started: it must come back with the state, and only this server knows the PKCE verifier. */
export type PendingSignIn = z.infer<typeof pendingSchema>;
export type SignInIntent = PendingSignIn['intent'];

/**
 * Where to send the browser, and what it must bring back. The code GitHub returns is bound to
 * the verifier's S256 challenge (PKCE): a code stolen on its way back (a log, a referrer) is
 * worth nothing without the verifier kept in the browser that asked for it.
 */
export function startSignIn(github: GitHubConfig, intent: SignInIntent): { pending: PendingSignIn; url: URL } {
  const pending = { state: generateState(), verifier: generateCodeVerifier(), intent };
  const url = client(github).createAuthorizationURLWithPKCE(`${github.url}/login/oauth/authorize`, pending.state, CodeChallengeMethod.S256, pending.verifier, GITHUB_SCOPES);
  return { pending, url };
}

/** The pending sign-in as the browser keeps it: sealed, so that it can be neither read nor forged. */
export function sealPending(key: Buffer, pending: PendingSignIn): string {
  return seal(key, JSON.stringify(pending));
}

/** The pending sign-in in a cookie, or undefined when it is absent, forged or damaged. */
export function openPending(key: Buffer, cookie: string | undefined): PendingSignIn | undefined {
  if (cookie === undefined) return undefined;
  try {
    return pendingSchema.parse(JSON.parse(open(key, cookie)));
  } catch {
    return undefined;
  }
}

/** The state the browser came back with is the one this browser was given. */
export function stateMatches(expected: string | undefined, received: string): boolean {
  if (expected === undefined) return false;
  const [a, b] = [Buffer.from(expected), Buffer.from(received)];
  return a.length === b.length && timingSafeEqual(a, b);
}

/** The user's access token for the code GitHub gave the browser, proved ours by the PKCE verifier. */
export async function exchangeCode(github: GitHubConfig, code: string, verifier: string): Promise<string> {
  let data: { access_token?: unknown; error?: unknown };
  try {
    data = (await client(github).validateAuthorizationCode(`${github.url}/login/oauth/access_token`, code, verifier)).data;
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
  if (code === 'bad_verification_code' || code === 'invalid_grant') return new SignInRefused(400, 'the sign-in code expired or was used already; sign in again', 'code');
  return new GitHubError(400, `GitHub refused the sign-in (${code}); check the OAuth app's client ID, secret and callback URL`);
}
