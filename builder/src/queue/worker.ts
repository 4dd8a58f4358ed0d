import { DelayedError, type Job, Worker } from 'bullmq';
import { Redis } from 'ioredis';
import { AETHER_LABELS } from '../../../contract/aether-labels.js';
import { BUILD_QUEUE, type BuildJob, buildJobSchema, credentialsSchema } from '../../../contract/build-job.js';
import type { BuildEvent } from '../../../contract/build-streams.js';
import { keys } from '../../../contract/redis-keys.js';
import { type OutageLog, reportingOutages } from '../../../contract/redis-outages.js';
import { open } from '../../../contract/sealed.js';
import { parseBranch, parseCommitSha, parseRepositoryUrl, parseRootDirectory } from '../../../contract/source-spec.js';
import { type BuilderEnvironment, type BuildProgress, buildProject, type ProjectBuild } from '../build-project.js';
import { BuildAbortedError } from '../engine/build-image.js';
import { buildAcrossEngineRestarts } from '../engine/engine-lost.js';
import { acquireProjectLock } from './project-lock.js';
import type { BuildReporter } from './redis-reporter.js';

export interface BuildWorkerOptions {
  redisUrl: string;
  environment: BuilderEnvironment;
  reporter: BuildReporter;
  /** Opens the credentials each job carries sealed. */
  secretKey: Buffer;
  /** Builds of different projects that may run at once. */
  concurrency: number;
  timeoutMs: number;
  /** How long a worker that died can hold a build: its project's lock, and BullMQ's lock on the job. */
  lockTtlMs?: number;
  /** How soon a build waiting for its project's lock tries again. */
  retryDelayMs?: number;
  /** Where the worker's Redis connections tell their outages. */
  log: OutageLog;
  /** Run after every build, whatever its end: keeps the build cache to its limit (engine/build-cache.ts). */
  afterBuild?: () => Promise<void>;
}

export interface BuildWorker {
  close(): Promise<void>;
}

/** Why a build is aborted when someone cancels it; anything else (the time limit) fails it. */
class CancelRequested extends Error {}

export async function startBuildWorker(options: BuildWorkerOptions): Promise<BuildWorker> {
  const lockTtlMs = options.lockTtlMs ?? 60_000;
  const redis = reportingOutages(new Redis(options.redisUrl), 'builds', options.log);
  const subscriber = reportingOutages(new Redis(options.redisUrl), 'cancels', options.log);
  const running = new Map<string, AbortController>();
  await subscriber.subscribe(keys.cancelChannel);
  subscriber.on('message', (_channel, deploymentId: string) => running.get(deploymentId)?.abort(new CancelRequested('canceled')));

  const report = (job: BuildJob, event: BuildEvent) => options.reporter.event(job.deploymentId, event);

  async function processJob(job: Job, token?: string): Promise<void> {
    const data = buildJobSchema.parse(job.data);
    if (await redis.exists(keys.canceled(data.deploymentId))) return report(data, { type: 'canceled', reason: 'canceled before it started' });
    const latest = await redis.get(keys.latest(data.projectId));
    if (latest !== null && latest !== data.deploymentId) return report(data, { type: 'superseded', by: latest });
    const lock = await acquireProjectLock(redis, data.projectId, data.deploymentId, lockTtlMs);
    if (lock === null) {
      await job.moveToDelayed(Date.now() + (options.retryDelayMs ?? 1_000), token);
      throw new DelayedError();
    }
    try {
      await build(data);
    } finally {
      await lock.release();
    }
  }

  async function build(job: BuildJob): Promise<void> {
    const abort = new AbortController();
    running.set(job.deploymentId, abort);
    const timer = setTimeout(() => abort.abort(new Error(`the build took longer than ${options.timeoutMs / 1000} s`)), options.timeoutMs);
    try {
      // A cancel that arrived between the check above and registering this build.
      if (await redis.exists(keys.canceled(job.deploymentId))) abort.abort(new CancelRequested('canceled'));
      await report(job, { type: 'building' });
      const progress: BuildProgress = {
        line: (line) => options.reporter.line(job.deploymentId, line),
        detected: (detected) => report(job, { type: 'detected', ...detected }),
      };
      const say = (text: string) => progress.line({ timestamp: new Date(), step: 0, stream: 'step', text });
      const projectBuild = projectBuildOf(job, options);
      const image = await buildAcrossEngineRestarts(() => buildProject(options.environment, projectBuild, progress, abort.signal), options.environment.docker, abort.signal, say);
      await report(job, { type: 'built', image });
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      const canceled = error instanceof BuildAbortedError && abort.signal.reason instanceof CancelRequested;
      await report(job, canceled ? { type: 'canceled', reason: message } : { type: 'failed', error: message });
    } finally {
      clearTimeout(timer);
      running.delete(job.deploymentId);
      void options.afterBuild?.();
    }
  }

  // BullMQ leaves a connection it was given open on close, so close() quits it.
  const connection = reportingOutages(new Redis(options.redisUrl, { maxRetriesPerRequest: null }), 'build queue', options.log);
  const worker = new Worker(BUILD_QUEUE, processJob, {
    connection,
    concurrency: options.concurrency,
    // A job whose worker died goes back to the queue once its lock lapses, and is built again.
    lockDuration: lockTtlMs,
    stalledInterval: lockTtlMs,
  });
  // The processor reports every outcome itself; BullMQ fails a job on its own only when it could
  // not run it (a worker that died with it once too often, a malformed job), which must not
  // stay "building".
  worker.on('failed', (job, error) => {
    if (job) void options.reporter.event(job.id ?? '', { type: 'failed', error: `the builder could not finish the build: ${error.message}` });
  });
  await worker.waitUntilReady();

  return {
    async close() {
      await worker.close();
      await Promise.all([redis.quit(), subscriber.quit(), connection.quit()]);
    },
  };
}

/** What the job asks to build, its sealed credentials opened and every field from the queue parsed again. */
function projectBuildOf(job: BuildJob, options: Pick<BuildWorkerOptions, 'secretKey' | 'environment'>): ProjectBuild {
  const credentials = credentialsSchema.parse(JSON.parse(open(options.secretKey, job.credentials)));
  return {
    url: parseRepositoryUrl(job.repository, { allowLocal: options.environment.allowLocal }),
    revision: job.revision.kind === 'branch' ? { kind: 'branch', branch: parseBranch(job.revision.branch) } : { kind: 'commit', sha: parseCommitSha(job.revision.sha) },
    rootDirectory: parseRootDirectory(job.rootDirectory),
    settings: job.settings,
    variables: credentials.variables,
    projectId: job.projectId,
    ...(credentials.token !== undefined && { token: credentials.token }),
    tag: job.tag,
    labels: { [AETHER_LABELS.instance]: job.instance, [AETHER_LABELS.deployment]: job.deploymentId, [AETHER_LABELS.project]: job.projectId },
  };
}
