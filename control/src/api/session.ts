import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import type { Context } from 'hono';
import { createSession, type User } from '../auth/tokens.js';
import type { ApiContext, ApiDependencies } from './context.js';
import type { DashboardSite } from './dashboard-site.js';

/** The session cookie's name without its prefix; browsers hold `__Host-aether_session` wherever they take one. */
export const SESSION_COOKIE = 'aether_session';

/** Signs the browser in: a new session, in a cookie no script can read, no other site's form sends and no other host can set. */
export async function startSession(c: ApiContext, deps: ApiDependencies, user: User): Promise<void> {
  const session = await createSession(deps.platform.db, user.id);
  setCookie(c, SESSION_COOKIE, session.token, { httpOnly: true, sameSite: 'Lax', path: '/', expires: session.expiresAt, ...deps.dashboard.cookies });
}

/**
 * The session token, read only under the name the dashboard sets: a sibling host can set
 * `aether_session` for a shared parent domain, never `__Host-aether_session`.
 */
export function sessionToken(c: Context, dashboard: DashboardSite): string | undefined {
  return getCookie(c, SESSION_COOKIE, dashboard.cookies.prefix);
}

export function endSessionCookie(c: Context, dashboard: DashboardSite): void {
  deleteCookie(c, SESSION_COOKIE, { path: '/', ...dashboard.cookies });
}
