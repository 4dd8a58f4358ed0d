import { createMiddleware } from 'hono/factory';
import type { DashboardSite } from './dashboard-site.js';
import { ApiError } from './errors.js';

const SAFE = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * A browser sends the dashboard's cookie with any site's request, and SameSite=Lax counts a
 * sibling host (`x.<domain>`, an app) as the same site. So a write made with the cookie must come
 * from the dashboard's exact origin: the browser says so in Sec-Fetch-Site (`same-origin`, never
 * `same-site`) or, where it sends no such header, in Origin. Whatever the body's content type:
 * that a type needs a preflight today is the browser's rule, not ours.
 */
export function sameOrigin(dashboard: DashboardSite) {
  return createMiddleware(async (c, next) => {
    if (!SAFE.has(c.req.method) && c.req.header('sec-fetch-site') !== 'same-origin' && c.req.header('origin') !== dashboard.origin) {
      throw new ApiError(403, 'a cross-site request was refused: writes with the session cookie come from the dashboard itself');
    }
    await next();
  });
}
