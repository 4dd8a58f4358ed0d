import { Hono } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import type { JSONParsed } from 'hono/utils/types';
import { z } from 'zod';
import { open, seal } from '../../../../contract/sealed.js';
import { parse } from '../../../../shared/refusal.js';
import type { GitHubConfig } from '../../config.js';
import { tokenHash } from '../../auth/credentials.js';
import { sessionUser } from '../../auth/tokens.js';
import { connectGitHub, gitHubAccount } from '../../github/github-account.js';
import { gitHubApi } from '../../github/github-api.js';
import { fetchIdentity, type GitHubIdentity } from '../../github/identity.js';
import { importRepository } from '../../github/import-repository.js';
import { exchangeCode, openPending, type SignInIntent, sealPending, startSignIn, stateMatches } from '../../github/oauth.js';
import { listRepositories } from '../../github/repositories.js';
import { browserSession } from '../authenticate.js';
import type { ApiContext, ApiDependencies, ApiEnv } from '../context.js';
import { ApiError, parseBody } from '../errors.js';
import type { Operation } from '../openapi.js';
import { sessionToken, startSession } from '../session.js';
import { projectFields, projectRules } from './projects.js';

// Sign-in with GitHub, the user's repositories, and importing one as a project. The /github/*
// routes need a signed-in user (see api/index.ts); the sign-in routes are open.

/** A new user may bring the admin's invite, as to a password sign-up. */
export const githubSignInQuery = z.object({ invite: z.string().min(1).max(256).exactOptional() });

/** Where GitHub sends the browser back. State first: without the right one nothing else matters. */
export const githubCallbackQuery = z.object({
  state: z.string().min(1).max(256),
  code: z.string().min(1).max(1024),
});

export const repositoriesQuery = z.object({
  search: z.string().trim().max(100).exactOptional(),
  page: z.coerce.number().int().min(1).max(1000).default(1),
  perPage: z.coerce.number().int().min(1).max(100).default(30),
});

export const importRequest = projectFields.omit({ slug: true, repository: true }).extend({
  /** `owner/name`, as GitHub names it; GitHub has no repository called `.` or `..`. */
  repository: z
    .string()
    .regex(/^[A-Za-z0-9-]{1,39}\/[A-Za-z0-9._-]{1,100}$/, 'owner/name, as GitHub names the repository')
    .refine((name) => !/\/\.\.?$/.test(name), 'owner/name, as GitHub names the repository'),
  /** The repository's name made into a DNS label when absent. */
  slug: projectFields.shape.slug.exactOptional(),
});

const notSetUp = { 404: 'GitHub is not set up on this install' };

export const githubOperations: Operation[] = [
  {
    operationId: 'startGitHubSignIn',
    method: 'get',
    path: '/auth/github',
    summary: "Start signing in with GitHub: redirects to GitHub's consent page. A new user needs open sign-up or an invite",
    auth: 'public',
    query: githubSignInQuery,
    responses: { 302: 'to GitHub', 400: 'the invite is invalid', ...notSetUp },
  },
  {
    operationId: 'connectGitHub',
    method: 'get',
    path: '/github/connect',
    summary: "Link a GitHub user to the signed-in account: redirects to GitHub's consent page (a browser session only)",
    auth: 'user',
    responses: { 302: 'to GitHub', 401: 'not signed in', 403: 'an API token cannot connect GitHub', ...notSetUp },
  },
  {
    operationId: 'handleGitHubCallback',
    method: 'get',
    path: '/auth/github/callback',
    summary: 'Where GitHub sends the browser back: checks the state and the PKCE verifier, signs in or connects, redirects to the dashboard',
    auth: 'public',
    query: githubCallbackQuery,
    responses: {
      302: 'signed in or connected, to the dashboard',
      400: 'the state, the code or the invite is wrong, or the session that started connecting has ended',
      403: 'a new user, and sign-up is closed: an invite is needed',
      409: 'the GitHub user signs in to another account',
      502: 'GitHub failed',
      ...notSetUp,
    },
  },
  {
    operationId: 'listGitHubRepositories',
    method: 'get',
    path: '/github/repositories',
    summary: "The signed-in user's GitHub repositories, most recently updated first, a page at a time",
    auth: 'user',
    query: repositoriesQuery,
    responses: { 200: 'a page of repositories and the next page, if any', 400: 'a query field is invalid', 409: 'not connected to GitHub', 502: 'GitHub failed', ...notSetUp },
  },
  {
    operationId: 'importGitHubRepository',
    method: 'post',
    path: '/github/import',
    summary: 'Import a repository as a project: adds the push webhook where allowed and queues the first deployment',
    auth: 'user',
    body: importRequest,
    responses: {
      201: 'the project, its first deployment and whether the webhook was added',
      400: 'a field is invalid',
      404: 'no such repository, or GitHub is not set up',
      409: 'the slug is taken, or not connected to GitHub',
      502: 'GitHub failed',
    },
  },
];

/** `__Host-` where browsers take it (see startSession), so no app on a sibling host plants a state of its own. */
const STATE_COOKIE = 'aether_github_state';
const STATE_TTL_SECONDS = 600;
const WEBHOOK_PATH = '/api/webhooks/github';

export function githubRoutes(deps: ApiDependencies): Hono<ApiEnv> {
  const app = new Hono<ApiEnv>();
  const { db } = deps.platform;

  function configured(): GitHubConfig {
    if (deps.github === undefined) {
      throw new ApiError(404, 'GitHub is not set up on this install: set AETHER_GITHUB_CLIENT_ID, AETHER_GITHUB_CLIENT_SECRET and AETHER_PUBLIC_URL');
    }
    return deps.github;
  }

  /** GitHub's API as the signed-in user, who must have signed in with GitHub once. */
  function connected(c: ApiContext) {
    const github = configured();
    const user = c.get('user');
    if (user.githubTokenSealed === null || user.githubLogin === null) throw new ApiError(409, 'your account is not connected to GitHub: connect it at /api/github/connect');
    const token = open(deps.builds.secretKey, user.githubTokenSealed);
    return { github, user, login: user.githubLogin, token, api: gitHubApi(github.apiUrl, token) };
  }

  /** Sends the browser to GitHub, keeping what it must come back with in a cookie only it holds. */
  function toGitHub(c: ApiContext, intent: SignInIntent) {
    const { pending, url } = startSignIn(configured(), intent);
    setCookie(c, STATE_COOKIE, sealPending(deps.platform.secretKey, pending), { httpOnly: true, sameSite: 'Lax', path: '/', maxAge: STATE_TTL_SECONDS, ...deps.dashboard.cookies });
    return c.redirect(url.href, 302);
  }

  app.get('/auth/github', (c) => {
    const { invite } = parse(githubSignInQuery, c.req.query());
    return toGitHub(c, { kind: 'sign-in', ...(invite !== undefined && { invite }) });
  });

  app.get('/github/connect', (c) => toGitHub(c, { kind: 'connect', sessionHash: browserSession(c).sessionHash }));

  /** The account the sign-in or connection lands in. Connecting needs the very session that started it, still signed in. */
  async function landing(c: ApiContext, intent: SignInIntent, identity: GitHubIdentity, tokenSealed: string) {
    if (intent.kind === 'sign-in') return gitHubAccount(db, identity, tokenSealed, intent.invite);
    const cookie = sessionToken(c, deps.dashboard);
    const user = cookie === undefined || tokenHash(cookie) !== intent.sessionHash ? null : await sessionUser(db, cookie);
    if (user === null) throw new ApiError(400, 'state: the session that started connecting GitHub has ended; sign in and connect again', 'state');
    return connectGitHub(db, user.id, identity, tokenSealed);
  }

  app.get('/auth/github/callback', async (c) => {
    const github = configured();
    const denied = c.req.query('error');
    if (denied !== undefined) throw new ApiError(400, `GitHub did not approve the sign-in (${denied.slice(0, 100)})`, 'code');
    const query = parse(githubCallbackQuery, c.req.query());
    const pending = openPending(deps.platform.secretKey, getCookie(c, STATE_COOKIE, deps.dashboard.cookies.prefix));
    deleteCookie(c, STATE_COOKIE, { path: '/', ...deps.dashboard.cookies });
    // Another site could send the browser here with its own code; only the state this browser was given proves the sign-in is its own.
    if (pending === undefined || !stateMatches(pending.state, query.state)) throw new ApiError(400, 'state: does not match the sign-in this browser started; sign in again', 'state');
    const token = await exchangeCode(github, query.code, pending.verifier);
    const identity = await fetchIdentity(gitHubApi(github.apiUrl, token));
    const user = await landing(c, pending.intent, identity, seal(deps.builds.secretKey, token));
    if (pending.intent.kind === 'sign-in') await startSession(c, deps, user);
    return c.redirect('/', 302);
  });

  app.get('/github/repositories', async (c) => {
    const query = parse(repositoriesQuery, c.req.query());
    const { api, login } = connected(c);
    const search = query.search === '' ? undefined : query.search;
    return c.json(await listRepositories(api, login, { page: query.page, perPage: query.perPage, ...(search !== undefined && { search }) }));
  });

  app.post('/github/import', async (c) => {
    const input = await parseBody(c, importRequest);
    const { github, user, token, api } = connected(c);
    return c.json(imported(await importRepository(deps.builds, projectRules(deps), { id: user.id, token, api }, input, `${github.publicUrl}${WEBHOOK_PATH}`)), 201);
  });

  return app;
}

/** An import as POST /github/import answers it. */
function imported({ project, deployment, webhook }: Awaited<ReturnType<typeof importRepository>>) {
  return { project, deployment, ...(deployment === null && { deploymentError: 'the first build could not be queued; deploy the project again' }), webhook };
}

/** A page of the user's repositories as GET /github/repositories answers. */
export type RepositoryPageReply = JSONParsed<Awaited<ReturnType<typeof listRepositories>>>;
/** An imported repository as POST /github/import answers. */
export type ImportReply = JSONParsed<ReturnType<typeof imported>>;
