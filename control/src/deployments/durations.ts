import type { deployments } from '../db/schema.js';

// How long a deployment spent in each phase, from the times its row records. A phase that has not
// ended (or never happened) has no duration yet: null, never a guess.

export interface DeploymentDurations {
  /** Queued until the builder started it. */
  queuedMs: number | null;
  buildMs: number | null;
  /** From the image (or, for a rollback, the request) to the deployment going live. */
  deployMs: number | null;
  /** From the request to the deployment going live. */
  totalMs: number | null;
}

type Times = Pick<typeof deployments.$inferSelect, 'createdAt' | 'buildStartedAt' | 'buildFinishedAt' | 'readyAt'>;

export function deploymentDurations(d: Times): DeploymentDurations {
  return {
    queuedMs: between(d.createdAt, d.buildStartedAt),
    buildMs: between(d.buildStartedAt, d.buildFinishedAt),
    // A rollback reuses an image: it is deploying from the moment it is made.
    deployMs: between(d.buildFinishedAt ?? (d.buildStartedAt === null ? d.createdAt : null), d.readyAt),
    totalMs: between(d.createdAt, d.readyAt),
  };
}

function between(start: Date | null, end: Date | null): number | null {
  if (start === null || end === null) return null;
  // createdAt comes from Postgres' clock and the rest from control's: a skew must not make a phase negative.
  return Math.max(0, end.getTime() - start.getTime());
}
