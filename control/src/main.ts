import { Resolver } from 'node:dns/promises';
import { serve } from '@hono/node-server';
import { Queue } from 'bullmq';
import Docker from 'dockerode';
import { Redis } from 'ioredis';
import pg from 'pg';
import { pino } from 'pino';
import { BUILD_QUEUE } from '../../contract/build-job.js';
import { DETECT_QUEUE } from '../../contract/detect-job.js';
import { writeBuildKeyFile } from '../../contract/build-key-file.js';
import { reportingOutages } from '../../contract/redis-outages.js';
import { catchUpBuildEvents, consumeBuildEvents } from './builds/build-events.js';
import { pendingBuildEvents } from './builds/pending-build-events.js';
import { controlConfig } from './config.js';
import { controlApp } from './control-app.js';
import { database, migrateDatabase } from './db/database.js';
import { containerStats } from './deployments/container-stats.js';
import { buildJobFacts } from './deployments/lost-builds.js';
import { reconcile } from './deployments/reconcile.js';
import type { Platform } from './deployments/platform.js';
import { rolloutLocks } from './deployments/rollout-lock.js';
import { rollout } from './deployments/rollout.js';
import { tailBuildLogs } from './logs/build-log-store.js';
import { controlMetrics } from './metrics/metrics.js';
import { installSharedRoutes, writeDashboardRoutes } from './routing/route-files.js';

const log = pino({ name: 'control' });
const config = controlConfig(process.env);
if (config.dashboard.cookies.prefix !== 'host') {
  log.warn(
    { origin: config.dashboard.origin },
    'the dashboard is on plain HTTP and not on localhost: browsers take no __Host- cookie there, so its session cookie is one any host under a shared parent domain could set; serve it over HTTPS (AETHER_HTTPS=true)',
  );
}

const pool = new pg.Pool({ connectionString: config.databaseUrl, connectionTimeoutMillis: 2_000 });
// A connection that Postgres drops (a restart) is an error event, on the pool for an idle one and
// on the client for one in use (the pool's query hears only the first of the two a drop can
// raise): unheard, either would end control. Queries meanwhile fail on their own, and the pool
// makes new connections.
pool.on('error', (error) => log.warn({ err: error }, 'postgres'));
pool.on('connect', (client) => client.on('error', () => undefined));
// Rollouts of this many projects at once hold their locks here; more wait in memory for a turn.
const ROLLOUT_LOCK_CONNECTIONS = 8;
const locks = rolloutLocks(config.databaseUrl, ROLLOUT_LOCK_CONNECTIONS);
// Without the offline queue a command fails at once while Redis is away, instead of waiting.
const redis = reportingOutages(new Redis(config.redisUrl, { enableOfflineQueue: false, maxRetriesPerRequest: 1 }), 'api', log);
const docker = new Docker();
// The background loops block on Redis reads and should wait for Redis when it is away, unlike
// the health probe above.
const streamsRedis = reportingOutages(new Redis(config.redisUrl), 'streams', log);

if (config.buildKeyFile !== undefined) await writeBuildKeyFile(config.buildKeyFile, config.secretKey);
await migrateDatabase(pool);
const db = database(pool);
await installSharedRoutes(config.deployments.routesDir);
if (config.dashboardRoute !== undefined) await writeDashboardRoutes(config.deployments.routesDir, config.dashboardRoute);
const builds = new Queue(BUILD_QUEUE, { connection: reportingOutages(streamsRedis.duplicate({ maxRetriesPerRequest: null }), 'queues', log) });
const detections = new Queue(DETECT_QUEUE, { connection: builds.opts.connection });
const metrics = controlMetrics(builds);
const platform: Platform = { docker, db, locks, secretKey: config.secretKey, ...config.deployments, onRolloutFinished: metrics.rolloutFinished };
const stopping = new AbortController();

function startRollout(deploymentId: string): void {
  void rollout(platform, deploymentId).catch((error: unknown) => log.error({ err: error, deployment: deploymentId }, 'rollout'));
}

/** Every control instance of this install reads build events as one consumer group. */
const BUILD_EVENTS_GROUP = 'control';
const buildEvents = {
  redis: streamsRedis,
  db,
  group: BUILD_EVENTS_GROUP,
  onBuilt: startRollout,
  onBuildFinished: metrics.buildFinished,
  onError: (error: unknown) => log.error({ err: error }, 'a build event was not applied'),
};

/** A failed pass is logged and tried again on the next tick: control keeps serving meanwhile. */
async function reconcileNow(): Promise<void> {
  await reconcile(platform, {
    buildJob: async (id) => {
      const state = await builds.getJobState(id);
      return buildJobFacts(state, state === 'active' ? (await builds.getJob(id))?.processedOn : undefined);
    },
    pendingBuildEvents: () => pendingBuildEvents(streamsRedis, BUILD_EVENTS_GROUP),
    lostBuildAfterMs: 120_000,
    buildTimeLimitMs: config.buildTimeoutMs,
  }).catch((error: unknown) => log.error({ err: error, causes: error instanceof AggregateError ? error.errors : undefined }, 'reconcile'));
}
// Builds that ended while control was down count before the reconciler judges what is lost;
// then, before anything new starts, what a crash left half done is repaired.
await catchUpBuildEvents(buildEvents);
await reconcileNow();
const reconciling = setInterval(() => void reconcileNow(), config.reconcileMs);

/** Runs one of control's background loops for as long as control runs, starting it again if it fails. */
function keepRunning(name: string, loop: () => Promise<void>): void {
  void (async () => {
    while (!stopping.signal.aborted) {
      await loop().catch((error: unknown) => log.error({ err: error }, `${name} stopped; starting it again`));
      await new Promise((resolve) => setTimeout(resolve, 1_000));
    }
  })();
}

keepRunning('build events', () => consumeBuildEvents({ ...buildEvents, signal: stopping.signal }));
keepRunning('build logs', () => tailBuildLogs(streamsRedis, db, stopping.signal));
const stats = containerStats(platform);
keepRunning('container stats', () => stats.run(stopping.signal));

const { app } = controlApp({
  platform,
  queue: builds,
  detectQueue: detections,
  redis: streamsRedis,
  allowLocalSources: config.allowLocalSources,
  dashboard: config.dashboard,
  proxyHops: config.proxyHops,
  dns: new Resolver(),
  stopping: stopping.signal,
  containerStats: stats,
  github: config.github,
  probes: {
    postgres: () => pool.query('SELECT 1'),
    redis: () => redis.ping(),
    docker: () => docker.ping(),
  },
  webDir: config.webDir,
  monitoring: { metrics, metricsToken: config.metricsToken, log },
  onUnexpected: (error) => log.error({ err: error }, 'request failed'),
});

const server = serve({ fetch: app.fetch, port: config.port }, (info) => log.info({ port: info.port }, 'listening'));

function shutdown(signal: string): void {
  log.info({ signal }, 'shutting down');
  stopping.abort();
  clearInterval(reconciling);
  server.close(() => {
    void Promise.allSettled([builds.close(), pool.end(), locks.close(), redis.quit(), streamsRedis.quit()]).then(() => process.exit(0));
  });
}
process.on('SIGTERM', () => shutdown('SIGTERM'));
process.on('SIGINT', () => shutdown('SIGINT'));
