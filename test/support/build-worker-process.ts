// A build worker in a process of its own, so a test can kill it with SIGKILL mid-build.
import { tmpdir } from 'node:os';
import { Redis } from 'ioredis';
import { baseImages } from '../../builder/src/base-images.js';
import { redisReporter } from '../../builder/src/queue/redis-reporter.js';
import { parseSecretKey } from '../../builder/src/queue/sealed.js';
import { startBuildWorker } from '../../builder/src/queue/worker.js';
import { docker } from './docker.js';
import { testbedVar } from './testbed.js';

const redisUrl = testbedVar('REDIS_URL');
await startBuildWorker({
  redisUrl,
  environment: { docker, images: baseImages({}), workDir: tmpdir(), allowLocal: true },
  reporter: redisReporter(new Redis(redisUrl), () => {}),
  secretKey: parseSecretKey(process.env.AETHER_SECRET_KEY),
  concurrency: 1,
  timeoutMs: 120_000,
  lockTtlMs: 3_000,
  retryDelayMs: 200,
});
process.stdout.write('ready\n');
