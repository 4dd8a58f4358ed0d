import { Queue } from 'bullmq';
import { DETECT_QUEUE, DETECT_TIMEOUT_MS } from '../../contract/detect-job.js';
import type { Hono } from 'hono';
import type { Redis } from 'ioredis';
import type { ApiDependencies, ApiEnv } from './api/context.js';
import { apiApp } from './api/index.js';
import { type AppDependencies, createApp } from './app.js';
import { containerStats } from './deployments/container-stats.js';
import { type DeploymentChanges, deploymentChanges } from './deployments/deployment-changes.js';
import { detectionAnswers } from './detections/detection-answers.js';
import { buildLogWatch } from './logs/build-log-watch.js';
import { runtimeLogs } from './logs/runtime-logs.js';

/** What a process running control has: the entry point's and each test's own, the rest derived from them. */
export interface ControlParts
  extends Pick<ApiDependencies, 'platform' | 'allowLocalSources' | 'dashboard' | 'dns' | 'stopping' | 'proxyHops' | 'github'>,
    Partial<Pick<ApiDependencies, 'buildLogs' | 'runtimeLogs' | 'deploymentChanges' | 'containerStats'>>,
    Partial<Pick<AppDependencies, 'probes' | 'webDir' | 'monitoring'>> {
  /** The build queue jobs are added to. */
  queue: Queue;
  /** The detection queue; by default DETECT_QUEUE on the build queue's connection. */
  detectQueue?: Queue;
  /** How long a detection request waits for the builder; DETECT_TIMEOUT_MS unless a test waits less. */
  detectTimeoutMs?: number;
  /** The Redis connection that reads and writes build streams: it waits for Redis while Redis is away. */
  redis: Redis;
  /** Called with what a request failed on that no route expected. */
  onUnexpected: (error: unknown) => void;
}

/**
 * Control's HTTP app assembled from a process's parts, the same way in the entry point and in the
 * tests, so that what the tests serve is what control serves. The log watchers are made here
 * unless the caller keeps its own to look into. `api` is there for tests that list its routes.
 */
export function controlApp(parts: ControlParts): { app: Hono; api: Hono<ApiEnv> } {
  const { platform } = parts;
  const deps: ApiDependencies = {
    platform,
    // Builds are queued for the platform's install, its database and its key: never another's.
    builds: { db: platform.db, instance: platform.instance, queue: parts.queue, redis: parts.redis, secretKey: platform.secretKey },
    detections: {
      queue: parts.detectQueue ?? new Queue(DETECT_QUEUE, { connection: parts.queue.opts.connection }),
      answers: detectionAnswers(parts.redis),
      redis: parts.redis,
      instance: platform.instance,
      secretKey: platform.secretKey,
      allowLocalSources: parts.allowLocalSources,
      timeoutMs: parts.detectTimeoutMs ?? DETECT_TIMEOUT_MS,
    },
    allowLocalSources: parts.allowLocalSources,
    dashboard: parts.dashboard,
    proxyHops: parts.proxyHops,
    dns: parts.dns,
    buildLogs: parts.buildLogs ?? buildLogWatch(parts.redis),
    runtimeLogs: parts.runtimeLogs ?? runtimeLogs(platform.docker),
    // The caller runs the sampling loop (the entry point always does); without it, nothing has samples.
    containerStats: parts.containerStats ?? containerStats(platform),
    deploymentChanges: parts.deploymentChanges ?? closedOnStop(deploymentChanges(platform.db.$client.options.connectionString!), parts.stopping),
    stopping: parts.stopping,
    github: parts.github,
  };
  const api = apiApp(deps, parts.onUnexpected);
  const app = createApp({ probes: parts.probes ?? {}, webDir: parts.webDir, api, ...(parts.monitoring !== undefined && { monitoring: parts.monitoring }) });
  return { app, api };
}

/** `changes`, closed (its listening connection with it) when control stops. */
function closedOnStop(changes: DeploymentChanges, stopping: AbortSignal): DeploymentChanges {
  stopping.addEventListener('abort', () => void changes.close(), { once: true });
  return changes;
}
