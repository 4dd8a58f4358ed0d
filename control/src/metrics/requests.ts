import { createMiddleware } from 'hono/factory';
import { routePath } from 'hono/route';
import type { Logger } from 'pino';
import type { ControlMetrics } from './metrics.js';

/**
 * Counts, times and logs every request under the pattern of the route that answered it. The log
 * line names method, route, status and time only: never a header, so no cookie or token.
 */
export function observeRequests(metrics: ControlMetrics, log: Logger) {
  return createMiddleware(async (c, next) => {
    const started = performance.now();
    await next();
    const ms = performance.now() - started;
    // After next(), the route index is that of the handler that answered.
    const labels = { method: c.req.method, route: routePath(c), status: c.res.status };
    metrics.requestServed(labels, ms / 1000);
    log.info({ ...labels, ms: Math.round(ms) }, 'request');
  });
}
