import { Hono } from 'hono';
import { csrf } from 'hono/csrf';
import { z } from 'zod';
import { logIn, signUp } from '../../auth/accounts.js';
import { createApiToken, endSession, type User } from '../../auth/tokens.js';
import { authenticate } from '../authenticate.js';
import type { ApiContext, ApiDependencies, ApiEnv } from '../context.js';
import { ApiError, parseBody } from '../errors.js';
import type { Operation } from '../openapi.js';
import { endSessionCookie, sessionToken, startSession } from '../session.js';

const credentials = z.object({
  email: z.email().max(254),
  password: z.string().min(10, 'at least 10 characters').max(1024),
});
const login = credentials.extend({ password: z.string().min(1).max(1024) });
const newToken = z.object({ name: z.string().trim().min(1).max(100) });

export const authOperations: Operation[] = [
  {
    method: 'post',
    path: '/auth/signup',
    summary: 'Create an email and password account and sign in; the first account is the admin',
    auth: 'public',
    body: credentials,
    responses: { 200: 'signed in: the session cookie is set', 400: 'a field is invalid or the email is taken' },
  },
  {
    method: 'post',
    path: '/auth/login',
    summary: 'Sign in with email and password',
    auth: 'public',
    body: login,
    responses: { 200: 'signed in: the session cookie is set', 400: 'a field is invalid', 401: 'wrong email or password', 429: 'too many attempts from this address' },
  },
  { method: 'post', path: '/auth/logout', summary: 'End this session', auth: 'user', responses: { 204: 'signed out', 401: 'not signed in' } },
  { method: 'get', path: '/me', summary: 'The signed-in user', auth: 'user', responses: { 200: 'the user', 401: 'not signed in' } },
  {
    method: 'post',
    path: '/tokens',
    summary: 'Make an API token for scripts and CI; it is shown once',
    auth: 'user',
    body: newToken,
    responses: { 201: 'the token', 400: 'the name is invalid', 401: 'not signed in' },
  },
];

/** Attempts per client address and minute: enough for a person, too few to guess passwords. */
const LOGIN_ATTEMPTS = 10;

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

  app.post('/auth/signup', fromDashboard, async (c) => {
    const input = await parseBody(c, credentials);
    return signedIn(c, await signUp(db, input.email, input.password));
  });

  app.post('/auth/login', fromDashboard, async (c) => {
    const input = await parseBody(c, login);
    await limitLogins(deps, clientAddress(c));
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

  app.get('/me', authenticate(deps), (c) => c.json(publicUser(c.get('user'))));

  app.post('/tokens', authenticate(deps), async (c) => {
    const input = await parseBody(c, newToken);
    return c.json(await createApiToken(db, c.get('user').id, input.name), 201);
  });

  return app;
}

function publicUser(user: User) {
  return { id: user.id, email: user.email, githubLogin: user.githubLogin, isAdmin: user.isAdmin };
}

function clientAddress(c: ApiContext): string {
  // Behind Traefik, the client is the first address it forwarded for.
  return c.req.header('x-forwarded-for')?.split(',')[0]?.trim() ?? 'direct';
}

async function limitLogins(deps: ApiDependencies, address: string): Promise<void> {
  const key = `aether:login:${address}`;
  const attempts = await deps.builds.redis.incr(key);
  if (attempts === 1) await deps.builds.redis.expire(key, 60);
  if (attempts > LOGIN_ATTEMPTS) throw new ApiError(429, 'too many sign-in attempts; try again in a minute');
}
