import { serveStatic } from '@hono/node-server/serve-static';
import { Hono } from 'hono';
import { checkHealth, type Probe } from './health.js';

export interface AppDependencies {
  probes: Record<string, Probe>;
  webDir: string | undefined;
}

export function createApp({ probes, webDir }: AppDependencies): Hono {
  const app = new Hono();
  app.get('/healthz', async (c) => {
    const report = await checkHealth(probes);
    return c.json(report, report.healthy ? 200 : 503);
  });
  if (webDir !== undefined) {
    app.use('/*', serveStatic({ root: webDir }));
    // The dashboard routes in the browser: any other page gets its shell.
    app.get('/*', serveStatic({ root: webDir, path: 'index.html' }));
  }
  return app;
}
