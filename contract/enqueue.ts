import type { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import { type BuildJob, buildJobSchema, type Credentials } from './build-job.js';
import { KEY_TTL_SECONDS, keys } from './redis-keys.js';
import { seal } from './sealed.js';

export type BuildRequest = Omit<BuildJob, 'credentials'>;

/**
 * Queues a build with its credentials sealed; it becomes its project's newest, so an older one
 * that has not started yields to it.
 */
export async function enqueueBuild(
  queue: Queue,
  redis: Redis,
  secretKey: Buffer,
  request: BuildRequest,
  credentials: Credentials = { variables: [] },
): Promise<void> {
  const data = buildJobSchema.parse({ ...request, credentials: seal(secretKey, JSON.stringify(credentials)) });
  await redis.set(keys.latest(data.projectId), data.deploymentId, 'EX', KEY_TTL_SECONDS);
  await queue.add('build', data, { jobId: data.deploymentId, removeOnComplete: 1000, removeOnFail: 1000 });
}

/** Cancels one deployment's build, whether it is still queued or running. */
export async function cancelBuild(redis: Redis, deploymentId: string): Promise<void> {
  await redis.set(keys.canceled(deploymentId), '1', 'EX', KEY_TTL_SECONDS);
  await redis.publish(keys.cancelChannel, deploymentId);
}
