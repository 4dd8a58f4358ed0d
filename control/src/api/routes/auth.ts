import { Hono } from 'hono';
import { csrf } from 'hono/csrf';
import type { JSONParsed } from 'hono/utils/types';
import { z } from 'zod';
import type { SignUpState } from '../../auth/admission.js';
import { changePassword, currentSignUpState, logIn, signUp } from '../../auth/accounts.js';
import { type AttemptLimits, attemptCounters, LOGIN_LIMITS, SIGN_UP_LIMITS, spendAttempt } from '../../auth/rate-limit.js';
import { createApiToken, endSession, endSessions, listApiTokens, revokeApiToken, type User } from '../../auth/tokens.js';
import { authenticate, browserSession } from '../authenticate.js';
import { requestNetwork } from '../client-address.js';
import type { ApiContext, ApiDependencies, ApiEnv } from '../context.js';
import { ApiError, notFound, parseBody } from '../errors.js';
import type { Operation } from '../openapi.js';
import { endSessionCookie, sessionToken, startSession } from '../session.js';

const newPassword = z.string().min(10, 'at least 10 characters').max(1024);
const credentials = z.object({
  name: z.string().trim().min(1).max(100).exactOptional(),
  email: z.email().max(254),
  password: newPassword,
  /** The admin's invite, needed once sign-up is closed. */
  invite: z.string().min(1).max(256).exactOptional(),
});
const login = z.object({ email: z.email().max(254), password: z.string().min(1).max(1024) });
const passwordChange = z.object({ currentPassword: z.string().min(1).max(1024), newPassword });
const newToken = z.object({
  name: z.string().trim().min(1).max(100),
  /** Absent: the token lasts until it is revoked. */
  expiresInDays: z.number().int().min(1).max(3650).exactOptional(),
});

const tooMany = { 429: 'too many attempts from this network or for this account; Retry-After says when to try again' };

export const authOperations: Operation[] = [
  {
    operationId: 'getAuthStatus',
    method: 'get',
    path: '/auth/status',
    summary: 'Whether anyone may sign up: first-run (the first account becomes the admin), open, or invite-only; and whether GitHub sign-in is set up',
    auth: 'public',
    responses: { 200: '`{ signUp, github }`' },
  },
  {
    operationId: 'signUp',
    method: 'post',
    path: '/auth/signup',
    summary: 'Create an email and password account and sign in; the first account is the admin, later ones need open sign-up or an invite',
    auth: 'public',
    body: credentials,
    responses: { 200: 'signed in: the session cookie is set', 400: 'a field is invalid, the invite is not valid, or the email is taken', 403: 'sign-up is closed: an invite is needed', ...tooMany },
  },
  {
    operationId: 'signIn',
    method: 'post',
    path: '/auth/login',
    summary: 'Sign in with email and password',
    auth: 'public',
    body: login,
    responses: { 200: 'signed in: the session cookie is set', 400: 'a field is invalid', 401: 'wrong email or password', ...tooMany },
  },
  { operationId: 'signOut', method: 'post', path: '/auth/logout', summary: 'End this session', auth: 'user', responses: { 204: 'signed out', 401: 'not signed in' } },
  { operationId: 'signOutEverywhere', method: 'post', path: '/auth/logout-everywhere', summary: "End every one of the user's sessions, this one included; API tokens stay (a browser session only)", auth: 'user', responses: { 204: 'signed out everywhere', 401: 'not signed in', 403: 'asked with an API token' } },
  {
    operationId: 'changePassword',
    method: 'post',
    path: '/auth/password',
    summary: 'Change the password, given the current one; every other session ends (a browser session only)',
    auth: 'user',
    body: passwordChange,
    responses: { 204: 'changed', 400: 'a field is invalid or the current password is wrong', 401: 'not signed in', 403: 'an API token cannot change the password', ...tooMany },
  },
  { operationId: 'getCurrentUser', method: 'get', path: '/me', summary: 'The signed-in user', auth: 'user', responses: { 200: 'the user', 401: 'not signed in' } },
  {
    operationId: 'listTokens',
    method: 'get',
    path: '/tokens',
    summary: "The user's API tokens: name, when made, last used and when they expire, never the secret",
    auth: 'user',
    responses: { 200: 'the tokens', 401: 'not signed in' },
  },
  {
    operationId: 'createToken',
    method: 'post',
    path: '/tokens',
    summary: 'Make an API token for scripts and CI; it is shown once (a browser session only: a token cannot make tokens)',
    auth: 'user',
    body: newToken,
    responses: { 201: 'the token', 400: 'a field is invalid', 401: 'not signed in', 403: 'made with an API token' },
  },
  { operationId: 'revokeToken', method: 'delete', path: '/tokens/:tokenId', summary: 'Revoke an API token', auth: 'user', responses: { 204: 'revoked', 401: 'not signed in', 404: 'no such token (or not yours)' } },
];

const DAY_MS = 24 * 3600 * 1000;

export function authRoutes(deps: ApiDependencies): Hono<ApiEnv> {
  const app = new Hono<ApiEnv>();
  const { db } = deps.platform;

  async function signedIn(c: ApiContext, user: User) {
    await startSession(c, deps, user);
    return c.json(publicUser(user), 200);
  }

  // No cookie rides on these, so only a body a browser sends cross-site without asking first (a
  // form's) could sign someone in as another: such a body must come from the dashboard's exact origin.
  const fromDashboard = csrf({ origin: deps.dashboard.origin });

  /** Counts an attempt at something that costs a password hash, against the client's network and the account. */
  function spend(c: ApiContext, limits: AttemptLimits, email: string) {
    return spendAttempt(deps.builds.redis, `aether:${deps.builds.instance}`, attemptCounters(limits, requestNetwork(c, deps.proxyHops), email));
  }

  app.get('/auth/status', async (c) => c.json(authStatus(await currentSignUpState(db), deps.github !== undefined)));

  app.post('/auth/signup', fromDashboard, async (c) => {
    const input = await parseBody(c, credentials);
    await spend(c, SIGN_UP_LIMITS, input.email);
    return signedIn(c, await signUp(db, { email: input.email, password: input.password, name: input.name }, input.invite));
  });

  app.post('/auth/login', fromDashboard, async (c) => {
    const input = await parseBody(c, login);
    await spend(c, LOGIN_LIMITS, input.email);
    const user = await logIn(db, input.email, input.password);
    if (user === null) throw new ApiError(401, 'wrong email or password');
    return signedIn(c, user);
  });

  app.post('/auth/logout', authenticate(deps), async (c) => {
    const token = sessionToken(c, deps.dashboard);
    if (token !== undefined) await endSession(db, token);
    endSessionCookie(c, deps.dashboard);
    return c.body(null, 204);
  });

  app.post('/auth/logout-everywhere', authenticate(deps), async (c) => {
    browserSession(c);
    await endSessions(db, c.get('user').id);
    endSessionCookie(c, deps.dashboard);
    return c.body(null, 204);
  });

  app.post('/auth/password', authenticate(deps), async (c) => {
    const { sessionHash } = browserSession(c);
    const input = await parseBody(c, passwordChange);
    const user = c.get('user');
    await spend(c, LOGIN_LIMITS, user.email);
    await changePassword(db, user, input.currentPassword, input.newPassword, sessionHash);
    return c.body(null, 204);
  });

  app.get('/me', authenticate(deps), (c) => c.json(publicUser(c.get('user'))));

  app.get('/tokens', authenticate(deps), async (c) => c.json(await listApiTokens(db, c.get('user').id)));

  app.post('/tokens', authenticate(deps), async (c) => {
    browserSession(c);
    const input = await parseBody(c, newToken);
    const expiresAt = input.expiresInDays === undefined ? null : new Date(Date.now() + input.expiresInDays * DAY_MS);
    return c.json(await createApiToken(db, c.get('user').id, input.name, expiresAt), 201);
  });

  app.delete('/tokens/:tokenId', authenticate(deps), async (c) => {
    const id = c.req.param('tokenId');
    if (!z.uuid().safeParse(id).success || !(await revokeApiToken(db, c.get('user').id, id))) throw notFound('token');
    return c.body(null, 204);
  });

  return app;
}

/** The signed-in user as GET /me answers. */
export type UserReply = JSONParsed<ReturnType<typeof publicUser>>;
/** An API token as GET /tokens lists it: never its secret; `lastUsedAt` to the minute. */
export type TokenReply = JSONParsed<Awaited<ReturnType<typeof listApiTokens>>[number]>;
/** A new API token as POST /tokens answers: the only time its secret is shown. */
export type NewTokenReply = JSONParsed<Awaited<ReturnType<typeof createApiToken>>>;
/** Who may sign up and how, as GET /auth/status answers. */
export type AuthStatusReply = JSONParsed<ReturnType<typeof authStatus>>;

function authStatus(signUp: SignUpState, github: boolean) {
  return { signUp, github };
}

function publicUser(user: User) {
  return { id: user.id, name: user.name, email: user.email, githubLogin: user.githubLogin, isAdmin: user.isAdmin, hasPassword: user.passwordHash !== null };
}
