import type { Queue } from 'bullmq';
import { z } from 'zod';
import { repositorySettingsSchema } from './repository-settings.js';
import type { Credentials } from './build-job.js';
import { seal } from './sealed.js';

// A detection previews what a build would do, before any project exists: the builder clones,
// detects and answers, and control waits for the answer. Detections have a queue of their own,
// so a quick look never waits behind (or takes a slot from) builds that run for minutes.

export const DETECT_QUEUE = 'aether-detections';

/** What a queued detection carries in Redis; its credentials (the caller's GitHub token) are sealed. */
export const detectJobSchema = z.object({
  detectionId: z.string().min(1),
  repository: z.string().min(1),
  branch: z.string().min(1),
  rootDirectory: z.string(),
  /** When the asker stops waiting (ms since the epoch): a job still queued then is dropped unanswered. */
  expiresAt: z.number(),
  /** Credentials (only `token` is read), sealed with the build-job key. */
  credentials: z.string().min(1),
});

export type DetectJob = z.infer<typeof detectJobSchema>;

/**
 * What a build of the repository would do with no settings but its aether.json's; a command is null when that step
 * does not run (or, for the repository's own Dockerfile, is the Dockerfile's). `workspace`: the root
 * directory is a monorepo's root and no app; `candidates` are its packages to choose from.
 */
export const detectionSchema = z.object({
  framework: z.string(),
  kind: z.enum(['dockerfile', 'node', 'static', 'python', 'go', 'workspace']),
  rootDirectory: z.string(),
  installCommand: z.string().nullable(),
  buildCommand: z.string().nullable(),
  startCommand: z.string().nullable(),
  outputDir: z.string().nullable(),
  port: z.number().int().nullable(),
  /** The app's aether.json, whose settings the commands and port above already take; null when it has none. */
  repositorySettings: repositorySettingsSchema.nullable(),
  /** The workspace's member folders, relative to the repository, for `workspace`. */
  candidates: z.array(z.string()).exactOptional(),
});

/** Why nothing could be previewed, for a person, and the request field or setting that would fix it. */
export const detectionFailureSchema = z.object({
  error: z.string(),
  field: z.enum(['repository', 'branch', 'rootDirectory', 'installCommand', 'buildCommand', 'startCommand', 'outputDir', 'port']),
});

export const detectionAnswerSchema = z.union([detectionSchema, detectionFailureSchema]);

export type RepositoryDetection = z.infer<typeof detectionSchema>;
export type DetectionFailure = z.infer<typeof detectionFailureSchema>;
export type DetectionAnswer = z.infer<typeof detectionAnswerSchema>;

export const detectKeys = {
  /** The builder's answer, kept briefly: only the control instance that asked reads it. */
  answer: (detectionId: string) => `aether:detect:answer:${detectionId}`,
  /** Carries the ID of each answered detection to every control instance. */
  answeredChannel: 'aether:detect:answered',
};

/** How long control waits for an answer, and so how long a clone and a look may take. */
export const DETECT_TIMEOUT_MS = 60_000;

/** Long enough for the asker to read the answer, short enough that answers do not pile up. */
export const ANSWER_TTL_SECONDS = 300;

/** Queues a detection with the caller's credentials sealed under the build-job key. */
export async function enqueueDetection(
  queue: Queue,
  jobKey: Buffer,
  request: Omit<DetectJob, 'credentials'>,
  credentials: Pick<Credentials, 'token'>,
): Promise<void> {
  const data = detectJobSchema.parse({ ...request, credentials: seal(jobKey, JSON.stringify({ ...credentials, variables: [] })) });
  await queue.add('detect', data, { jobId: data.detectionId, removeOnComplete: 100, removeOnFail: 100 });
}
