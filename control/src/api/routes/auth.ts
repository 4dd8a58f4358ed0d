import { Hono } from 'hono';
import { deleteCookie, getCookie } from 'hono/cookie';
import { csrf } from 'hono/csrf';
import { z } from 'zod';
import { logIn, signUp } from '../../auth/accounts.js';
import { createApiToken, endSession, type User } from '../../auth/tokens.js';
import { authenticate, SESSION_COOKIE } from '../authenticate.js';
import type { ApiContext, ApiDependencies, ApiEnv } from '../context.js';
import { ApiError, parse } from '../errors.js';
import { startSession } from '../session.js';

const credentials = z.object({
  email: z.email().max(254),
  password: z.string().min(10, 'at least 10 characters').max(1024),
});

/** Attempts per client address and minute: enough for a person, too few to guess passwords. */
const LOGIN_ATTEMPTS = 10;

export function authRoutes(deps: ApiDependencies): Hono<ApiEnv> {
  const app = new Hono<ApiEnv>();
  const { db } = deps.platform;

  async function signedIn(c: ApiContext, user: User) {
    await startSession(c, deps, user);
    return c.json(publicUser(user), 200);
  }

  app.post('/auth/signup', csrf(), async (c) => {
    const input = parse(credentials, await c.req.json().catch(() => null));
    return signedIn(c, await signUp(db, input.email, input.password));
  });

  app.post('/auth/login', csrf(), async (c) => {
    const input = parse(credentials.extend({ password: z.string().min(1).max(1024) }), await c.req.json().catch(() => null));
    await limitLogins(deps, clientAddress(c));
    const user = await logIn(db, input.email, input.password);
    if (user === null) throw new ApiError(401, 'wrong email or password');
    return signedIn(c, user);
  });

  app.post('/auth/logout', authenticate(deps), async (c) => {
    const token = getCookie(c, SESSION_COOKIE);
    if (token !== undefined) await endSession(db, token);
    deleteCookie(c, SESSION_COOKIE, { path: '/' });
    return c.body(null, 204);
  });

  app.get('/me', authenticate(deps), (c) => c.json(publicUser(c.get('user'))));

  app.post('/tokens', authenticate(deps), async (c) => {
    const input = parse(z.object({ name: z.string().trim().min(1).max(100) }), await c.req.json().catch(() => null));
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
