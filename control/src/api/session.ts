import { setCookie } from 'hono/cookie';
import { createSession, type User } from '../auth/tokens.js';
import { SESSION_COOKIE } from './authenticate.js';
import type { ApiContext, ApiDependencies } from './context.js';

/** Signs the browser in: a new session, in a cookie no script can read and no other site's form sends. */
export async function startSession(c: ApiContext, deps: ApiDependencies, user: User): Promise<void> {
  const session = await createSession(deps.platform.db, user.id);
  setCookie(c, SESSION_COOKIE, session.token, { httpOnly: true, sameSite: 'Lax', secure: deps.secureCookies, path: '/', expires: session.expiresAt });
}
