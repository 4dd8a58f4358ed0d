import { serveStatic } from '@hono/node-server/serve-static';
import { Hono } from 'hono';
import { secureHeaders } from 'hono/secure-headers';
import type { Logger } from 'pino';
import { repositorySettingsJsonSchema } from '../../contract/repository-settings.js';
import type { ApiEnv } from './api/context.js';
import { checkHealth, type Probe } from './health.js';
import { metricsEndpoint } from './metrics/endpoint.js';
import type { ControlMetrics } from './metrics/metrics.js';
import { observeRequests } from './metrics/requests.js';

export interface AppDependencies {
  probes: Record<string, Probe>;
  webDir: string | undefined;
  /** The HTTP API, mounted at /api. */
  api?: Hono<ApiEnv>;
  /** Every request is counted and logged; /metrics serves the counts to a scraper that presents `metricsToken`. */
  monitoring?: { metrics: ControlMetrics; metricsToken: string | undefined; log: Logger };
}

export function createApp({ probes, webDir, api, monitoring }: AppDependencies): Hono {
  const app = new Hono();
  if (monitoring !== undefined) app.use('*', observeRequests(monitoring.metrics, monitoring.log));
  // The dashboard loads only its own scripts and styles, cannot be framed, and sends no referrer.
  app.use('*', secureHeaders({ contentSecurityPolicy: { defaultSrc: ["'self'"], frameAncestors: ["'none'"], objectSrc: ["'none'"] }, referrerPolicy: 'no-referrer' }));
  app.get('/healthz', async (c) => {
    const report = await checkHealth(probes);
    return c.json(report, report.healthy ? 200 : 503);
  });
  // aether.json's schema, at a URL of the install a repository's file can name as its $schema.
  app.get('/aether.schema.json', (c) => c.json(repositorySettingsJsonSchema()));
  // Before the dashboard's pages, which would otherwise answer it.
  if (monitoring !== undefined) app.get('/metrics', metricsEndpoint(monitoring.metrics.registry, monitoring.metricsToken));
  if (api !== undefined) app.route('/api', api);
  // A path under /api that no route takes is a client's mistake to hear about in JSON, not a page.
  app.all('/api/*', (c) => c.json({ error: { message: `no such API route: ${c.req.method} ${c.req.path}` } }, 404));
  if (webDir !== undefined) {
    app.use('/*', serveStatic({ root: webDir }));
    // The dashboard routes in the browser: any other page gets its shell.
    app.get('/*', serveStatic({ root: webDir, path: 'index.html' }));
  }
  return app;
}
