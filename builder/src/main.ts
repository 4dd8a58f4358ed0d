import Docker from 'dockerode';
import { Redis } from 'ioredis';
import { pino } from 'pino';
import { readBuildKeyFile } from '../../contract/build-key-file.js';
import { DETECT_TIMEOUT_MS } from '../../contract/detect-job.js';
import { reportingOutages } from '../../contract/redis-outages.js';
import { builderConfig } from './config.js';
import { buildCacheKeeper } from './engine/build-cache.js';
import { applyBuildLimits } from './engine/build-limits.js';
import { redisReporter } from './queue/redis-reporter.js';
import { removeStaleCheckouts } from './source/stale-checkouts.js';
import { startDetectWorker } from './queue/detect-worker.js';
import { startBuildWorker } from './queue/worker.js';

const log = pino({ name: 'builder' });
const config = builderConfig(process.env);
const redis = reportingOutages(new Redis(config.redisUrl), 'build events', log);

try {
  await applyBuildLimits(config.cgroupRoot, config.limits);
  log.info({ limits: config.limits }, 'build limits applied');
} catch (error) {
  // Limits someone asked for must hold; without any, builds merely keep an equal CPU share.
  if (config.limits.memoryBytes !== null || config.limits.cpus !== null) throw error;
  log.warn({ err: error }, 'builds could not be given a lower CPU share than apps');
}

// Any build past its time limit has been stopped; a minute more for its clean-up.
const removed = await removeStaleCheckouts(config.workDir, config.timeoutMs + 60_000).catch((error: unknown) => {
  log.warn({ err: error, workDir: config.workDir }, 'checkouts left by builds cut short could not be removed');
  return [];
});
if (removed.length > 0) log.info({ removed }, 'removed checkouts left by builds cut short');

const secretKey = await readBuildKeyFile(config.buildKeyFile, () => log.info({ file: config.buildKeyFile }, 'waiting for control to write the build key'));
const environment = { docker: new Docker(), images: config.images, workDir: config.workDir, allowLocal: config.allowLocalSources };
const worker = await startBuildWorker({
  redisUrl: config.redisUrl,
  environment,
  reporter: redisReporter(redis, (error) => log.warn({ err: error }, 'a build log line was not stored')),
  secretKey,
  concurrency: config.concurrency,
  timeoutMs: config.timeoutMs,
  lockTtlMs: config.lockTtlMs,
  log,
  afterBuild: buildCacheKeeper(environment.docker, config.cacheKeepBytes, log),
});
const detections = await startDetectWorker({
  redisUrl: config.redisUrl,
  environment,
  secretKey,
  concurrency: config.detectConcurrency,
  timeoutMs: DETECT_TIMEOUT_MS,
  log,
});
log.info({ concurrency: config.concurrency, detectConcurrency: config.detectConcurrency }, 'waiting for builds and detections');

// A build cut short here is not lost: its job's lock lapses and another worker builds it again.
for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  process.once(signal, () => {
    log.info({ signal }, 'shutting down');
    void Promise.all([worker.close(), detections.close()])
      .then(() => redis.quit())
      .then(() => process.exit(0));
  });
}
