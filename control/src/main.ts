import { serve } from '@hono/node-server';
import Docker from 'dockerode';
import { Redis } from 'ioredis';
import pg from 'pg';
import { pino } from 'pino';
import { createApp } from './app.js';
import { controlConfig } from './config.js';

const log = pino({ name: 'control' });
const config = controlConfig(process.env);

const pool = new pg.Pool({ connectionString: config.databaseUrl, connectionTimeoutMillis: 2_000 });
// Without the offline queue a command fails at once while Redis is away, instead of waiting.
const redis = new Redis(config.redisUrl, { enableOfflineQueue: false, maxRetriesPerRequest: 1 });
redis.on('error', (error) => log.warn({ err: error }, 'redis'));
const docker = new Docker();

const app = createApp({
  probes: {
    postgres: () => pool.query('SELECT 1'),
    redis: () => redis.ping(),
    docker: () => docker.ping(),
  },
  webDir: config.webDir,
});

const server = serve({ fetch: app.fetch, port: config.port }, (info) => log.info({ port: info.port }, 'listening'));

function shutdown(signal: string): void {
  log.info({ signal }, 'shutting down');
  server.close(() => {
    void Promise.allSettled([pool.end(), redis.quit()]).then(() => process.exit(0));
  });
}
process.on('SIGTERM', () => shutdown('SIGTERM'));
process.on('SIGINT', () => shutdown('SIGINT'));
