import { randomUUID } from 'node:crypto';
import type { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import { z } from 'zod';
import { type DetectJob, enqueueDetection, type RepositoryDetection } from '../../../contract/detect-job.js';
import { buildJobKey, open } from '../../../contract/sealed.js';
import { parseBranch, parseRepositoryUrl, parseRootDirectory } from '../../../contract/source-spec.js';
import { Refusal } from '../../../shared/refusal.js';
import { DETECT_PER_USER, spendAttempt } from '../auth/rate-limit.js';
import type { User } from '../auth/tokens.js';
import type { DetectionAnswers } from './detection-answers.js';

/** What a detection is asked for: the fields of a new project that say what to build. */
export const detectionFields = z.strictObject({
  repository: z.string().min(1).max(2048),
  branch: z.string().exactOptional(),
  rootDirectory: z.string().exactOptional(),
});

export interface DetectionQueue {
  queue: Queue;
  answers: DetectionAnswers;
  /** Counts each user's detections. */
  redis: Redis;
  /** The install, whose rate-limit counters these are. */
  instance: string;
  /** AETHER_SECRET_KEY: opens the user's GitHub token, and gives the key the job carries it under. */
  secretKey: Buffer;
  allowLocalSources: boolean;
  /** How long a request waits for the builder's answer. */
  timeoutMs: number;
}

/**
 * What a build of the repository would do, as the builder finds it in a fresh checkout, or null
 * when it did not answer in time. Refused as a new project's fields are; a repository, branch or
 * folder that cannot be used is a 422 naming the field (or setting) to change. The job carries
 * the signed-in user's own GitHub token, sealed, and no one else's.
 */
export async function requestDetection(queue: DetectionQueue, user: User, input: z.infer<typeof detectionFields>): Promise<RepositoryDetection | null> {
  const request = {
    repository: parseRepositoryUrl(input.repository, { allowLocal: queue.allowLocalSources }),
    branch: parseBranch(input.branch ?? 'main'),
    rootDirectory: parseRootDirectory(input.rootDirectory ?? ''),
  };
  await spendAttempt(queue.redis, `aether:${queue.instance}`, [[DETECT_PER_USER, user.id]]);
  const slot = `aether:${queue.instance}:detecting:${user.id}`;
  await holdSlot(queue, slot);
  try {
    return await detect(queue, user, request);
  } finally {
    await queue.redis.decr(slot);
  }
}

/**
 * A user's detections at once are few: slow repositories of their own, within the rate limit,
 * would otherwise keep the builder's detect workers from everyone else.
 */
export const DETECTIONS_IN_FLIGHT = 2;

async function holdSlot(queue: DetectionQueue, slot: string): Promise<void> {
  const [[, held]] = (await queue.redis.multi().incr(slot).pexpire(slot, queue.timeoutMs * 2).exec()) as [[null, number], unknown];
  if (held <= DETECTIONS_IN_FLIGHT) return;
  await queue.redis.decr(slot);
  throw new Refusal(429, `at most ${DETECTIONS_IN_FLIGHT} detections at once: wait for one to answer`, undefined, 5);
}

async function detect(queue: DetectionQueue, user: User, request: Pick<DetectJob, 'repository' | 'branch' | 'rootDirectory'>): Promise<RepositoryDetection | null> {
  const detectionId = randomUUID();
  const listener = await queue.answers.listen(detectionId);
  const token = user.githubTokenSealed === null ? {} : { token: open(queue.secretKey, user.githubTokenSealed) };
  await enqueueDetection(queue.queue, buildJobKey(queue.secretKey), { detectionId, ...request, expiresAt: Date.now() + queue.timeoutMs }, token).catch(async (error: unknown) => {
    await listener.answer(0);
    throw error;
  });
  const answer = await listener.answer(queue.timeoutMs);
  if (answer !== null && 'error' in answer) throw new Refusal(422, answer.error, answer.field);
  return answer;
}
