import { createMiddleware } from 'hono/factory';
import { tokenHash } from '../auth/credentials.js';
import { apiTokenUser, sessionUser } from '../auth/tokens.js';
import type { ApiContext, ApiDependencies, ApiEnv } from './context.js';
import { ApiError } from './errors.js';
import { sameOrigin } from './same-origin.js';
import { sessionToken } from './session.js';

/**
 * Who is asking: an API token (`Authorization: Bearer aether_...`) or the session cookie. A
 * browser sends the cookie along with any site's request, so writes with it must come from
 * the dashboard's own origin; a token is never sent by a browser on its own, so it needs no
 * such check.
 */
export function authenticate(deps: ApiDependencies) {
  const fromDashboard = sameOrigin(deps.dashboard);
  return createMiddleware<ApiEnv>(async (c, next) => {
    const bearer = bearerToken(c.req.header('authorization'));
    if (bearer !== undefined) {
      const found = await apiTokenUser(deps.platform.db, bearer);
      if (found === null) throw new ApiError(401, 'the API token is not valid');
      c.set('user', found.user);
      c.set('credential', { kind: 'token', tokenId: found.tokenId });
      return next();
    }
    const cookie = sessionToken(c, deps.dashboard);
    const user = cookie === undefined ? null : await sessionUser(deps.platform.db, cookie);
    if (user === null) throw new ApiError(401, 'sign in first');
    c.set('user', user);
    c.set('credential', { kind: 'session', sessionHash: tokenHash(cookie!) });
    return fromDashboard(c, next);
  });
}

/**
 * The token of an `Authorization: Bearer <token>` header, whole: a header of another scheme, or
 * with more than the token, names none and the request is the session cookie's to prove.
 */
export function bearerToken(header: string | undefined): string | undefined {
  return /^Bearer (\S+)$/.exec(header ?? '')?.[1];
}

/**
 * The browser session a request was made with; a 403 for an API token. A token that leaked into
 * a CI log must not mint itself successors, nor change how its user signs in.
 */
export function browserSession(c: ApiContext): { sessionHash: string } {
  const credential = c.get('credential');
  if (credential.kind !== 'session') throw new ApiError(403, 'only a signed-in browser may do this, not an API token');
  return credential;
}

/** After authenticate: only the admin. */
export const requireAdmin = createMiddleware<ApiEnv>(async (c, next) => {
  if (!c.get('user').isAdmin) throw new ApiError(403, 'only the admin may do this');
  return next();
});
