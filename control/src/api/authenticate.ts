import { createMiddleware } from 'hono/factory';
import { apiTokenUser, sessionUser } from '../auth/tokens.js';
import type { ApiDependencies, ApiEnv } from './context.js';
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
    const bearer = /^Bearer (\S+)$/.exec(c.req.header('authorization') ?? '')?.[1];
    if (bearer !== undefined) {
      const user = await apiTokenUser(deps.platform.db, bearer);
      if (user === null) throw new ApiError(401, 'the API token is not valid');
      c.set('user', user);
      return next();
    }
    const cookie = sessionToken(c, deps.dashboard);
    const user = cookie === undefined ? null : await sessionUser(deps.platform.db, cookie);
    if (user === null) throw new ApiError(401, 'sign in first');
    c.set('user', user);
    return fromDashboard(c, next);
  });
}
