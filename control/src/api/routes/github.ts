import { Hono } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { z } from 'zod';
import { open, seal } from '../../../../builder/src/queue/sealed.js';
import type { GitHubConfig } from '../../config.js';
import { queueBuild } from '../../deployments/queue-build.js';
import { gitHubAccount } from '../../github/github-account.js';
import { gitHubApi } from '../../github/github-api.js';
import { fetchIdentity } from '../../github/identity.js';
import { insertImportedProject, newWebhookSecret, registerPushHook } from '../../github/import-repository.js';
import { exchangeCode, startSignIn, stateMatches } from '../../github/oauth.js';
import { findRepository, listRepositories } from '../../github/repositories.js';
import { slugFromRepositoryName } from '../../github/repository-slug.js';
import type { ApiContext, ApiDependencies, ApiEnv } from '../context.js';
import { ApiError, parse, parseBody } from '../errors.js';
import type { Operation } from '../openapi.js';
import { startSession } from '../session.js';
import { checkedProject, projectFields, savedProject } from './projects.js';

// Sign-in with GitHub, the user's repositories, and importing one as a project. The /github/*
// routes need a signed-in user (see api/index.ts); the sign-in routes are open.

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
  { method: 'get', path: '/auth/github', summary: "Start signing in with GitHub: redirects to GitHub's consent page", auth: 'public', responses: { 302: 'to GitHub', ...notSetUp } },
  {
    method: 'get',
    path: '/auth/github/callback',
    summary: 'Where GitHub sends the browser back: checks the state, signs in, redirects to the dashboard',
    auth: 'public',
    query: githubCallbackQuery,
    responses: { 302: 'signed in, to the dashboard', 400: 'the state or the code is wrong', 409: 'the email belongs to an account linked to another GitHub user', 502: 'GitHub failed', ...notSetUp },
  },
  {
    method: 'get',
    path: '/github/repositories',
    summary: "The signed-in user's GitHub repositories, most recently updated first, a page at a time",
    auth: 'user',
    query: repositoriesQuery,
    responses: { 200: 'a page of repositories and the next page, if any', 400: 'a query field is invalid', 409: 'not connected to GitHub', 502: 'GitHub failed', ...notSetUp },
  },
  {
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

const STATE_COOKIE = 'aether_github_state';
/** The callback is under it, so the cookie goes nowhere else. */
const STATE_PATH = '/api/auth/github';
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
    if (user.githubTokenSealed === null || user.githubLogin === null) throw new ApiError(409, 'your account is not connected to GitHub: sign in with GitHub first');
    const token = open(deps.builds.secretKey, user.githubTokenSealed);
    return { github, user, login: user.githubLogin, token, api: gitHubApi(github.apiUrl, token) };
  }

  app.get('/auth/github', (c) => {
    const { state, url } = startSignIn(configured());
    setCookie(c, STATE_COOKIE, state, { httpOnly: true, sameSite: 'Lax', secure: deps.secureCookies, path: STATE_PATH, maxAge: STATE_TTL_SECONDS });
    return c.redirect(url.href, 302);
  });

  app.get('/auth/github/callback', async (c) => {
    const github = configured();
    const denied = c.req.query('error');
    if (denied !== undefined) throw new ApiError(400, `GitHub did not approve the sign-in (${denied.slice(0, 100)})`, 'code');
    const query = parse(githubCallbackQuery, c.req.query());
    const expected = getCookie(c, STATE_COOKIE);
    deleteCookie(c, STATE_COOKIE, { path: STATE_PATH });
    // Another site could send the browser here with its own code; only the state this browser was given proves the sign-in is its own.
    if (!stateMatches(expected, query.state)) throw new ApiError(400, 'state: does not match the sign-in this browser started; sign in again', 'state');
    const token = await exchangeCode(github, query.code);
    const identity = await fetchIdentity(gitHubApi(github.apiUrl, token));
    await startSession(c, deps, await gitHubAccount(db, identity, seal(deps.builds.secretKey, token)));
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
    const repository = await findRepository(api, input.repository);
    if (repository === null) throw new ApiError(404, `GitHub has no repository ${input.repository} that your account can see`, 'repository');
    const values = checkedProject(
      { ...input, slug: input.slug ?? slugFromRepositoryName(repository.name), repository: repository.cloneUrl, branch: input.branch ?? repository.defaultBranch },
      deps.allowLocalSources,
      deps.platform.appLimits,
    );
    const secret = newWebhookSecret();
    const project = await savedProject(() =>
      insertImportedProject(db, { ...values, slug: values.slug!, repository: values.repository!, ownerId: user.id }, seal(deps.platform.secretKey, secret)),
    );
    const webhook = await registerPushHook(db, api, project, repository.fullName, { url: `${github.publicUrl}${WEBHOOK_PATH}`, secret });
    // The project stands whether or not its first build could be queued: queueBuild records a
    // deployment it could not queue as failed, with the reason, and the user deploys again.
    const deployment = await queueBuild(deps.builds, project, 'manual', { token }).catch(() => null);
    return c.json({ project, deployment, ...(deployment === null && { deploymentError: 'the first build could not be queued; deploy the project again' }), webhook }, 201);
  });

  return app;
}
