import { type Job, Worker } from 'bullmq';
import { Redis } from 'ioredis';
import { credentialsSchema } from '../../../contract/build-job.js';
import { ANSWER_TTL_SECONDS, DETECT_QUEUE, type DetectionAnswer, detectJobSchema, detectKeys } from '../../../contract/detect-job.js';
import { type OutageLog, reportingOutages } from '../../../contract/redis-outages.js';
import { open } from '../../../contract/sealed.js';
import { parseBranch, parseRepositoryUrl, parseRootDirectory } from '../../../contract/source-spec.js';
import type { BuilderEnvironment } from '../build-project.js';
import { detectRepository } from '../preview/detect-repository.js';
import { detectionFailure } from '../preview/detection-failure.js';

export interface DetectWorkerOptions {
  redisUrl: string;
  environment: Pick<BuilderEnvironment, 'images' | 'workDir' | 'allowLocal'>;
  /** Opens the credentials each job carries sealed. */
  secretKey: Buffer;
  /** Detections that may run at once, apart from builds. */
  concurrency: number;
  /** How long one clone and detection may take. */
  timeoutMs: number;
  /** DETECT_QUEUE unless a test keeps its jobs apart. */
  queueName?: string;
  /** Where the worker's Redis connections tell their outages. */
  log: OutageLog;
}

export interface DetectWorker {
  close(): Promise<void>;
}

/** Answers detections: each answer is set on its key for a while, and its ID published for the control instance waiting on it. */
export async function startDetectWorker(options: DetectWorkerOptions): Promise<DetectWorker> {
  const redis = reportingOutages(new Redis(options.redisUrl), 'detections', options.log);

  async function answer(detectionId: string, result: DetectionAnswer): Promise<void> {
    await redis.set(detectKeys.answer(detectionId), JSON.stringify(result), 'EX', ANSWER_TTL_SECONDS);
    await redis.publish(detectKeys.answeredChannel, detectionId);
  }

  async function processJob(job: Job): Promise<void> {
    const data = detectJobSchema.parse(job.data);
    // Nobody waits any more: cloning now would only spend the time of detections someone waits for.
    if (Date.now() > data.expiresAt) return;
    const signal = AbortSignal.timeout(options.timeoutMs);
    try {
      const { token } = credentialsSchema.parse(JSON.parse(open(options.secretKey, data.credentials)));
      const request = {
        url: parseRepositoryUrl(data.repository, { allowLocal: options.environment.allowLocal }),
        branch: parseBranch(data.branch),
        rootDirectory: parseRootDirectory(data.rootDirectory),
        ...(token !== undefined && { token }),
      };
      await answer(data.detectionId, await detectRepository(options.environment, request, signal));
    } catch (error) {
      const why = signal.aborted ? `it took longer than ${options.timeoutMs / 1000} s` : (error as Error).message;
      await answer(data.detectionId, detectionFailure(error, data.branch) ?? { error: `repository: it could not be read: ${why}`, field: 'repository' });
    }
  }

  // BullMQ leaves a connection it was given open on close, so close() quits it.
  const connection = reportingOutages(new Redis(options.redisUrl, { maxRetriesPerRequest: null }), 'detect queue', options.log);
  const worker = new Worker(options.queueName ?? DETECT_QUEUE, processJob, { connection, concurrency: options.concurrency });
  await worker.waitUntilReady();
  return {
    async close() {
      await worker.close();
      await Promise.all([redis.quit(), connection.quit()]);
    },
  };
}
