import type { DeploymentStatus } from './status.js';

// A deployment waits in `queued` or `building` until its build's last event reaches control. The
// reconciler fails one only when that event will never come: the queue lost the job, the job
// ended and its events were all applied without moving the deployment on, or a worker has held
// it past the build's time limit (a builder that hangs, or died with no other to take the job
// up), when the builder itself would have failed it. A build that ended while control was away
// still has its events waiting in Redis, and those decide it.

/** Where the builder's queue stands on a deployment's build. */
export type BuildJobState = 'pending' | 'finished' | 'missing';

/** BullMQ's job states, as far as the reconciler cares. */
export function buildJobState(state: string): BuildJobState {
  if (state === 'completed' || state === 'failed') return 'finished';
  // `unknown`: the queue has no such job, never had it or removed it.
  if (state === 'unknown') return 'missing';
  return 'pending';
}

/** Where the queue stands on a build, and since when a worker holds it: BullMQ's state and `processedOn` (when a worker last took it). */
export function buildJobFacts(state: string, processedOn: number | undefined): { job: BuildJobState; runningSince: Date | null } {
  return { job: buildJobState(state), runningSince: state === 'active' && processedOn !== undefined ? new Date(processedOn) : null };
}

export const WAITING_FOR_BUILD: readonly DeploymentStatus[] = ['queued', 'building'];

export interface WaitingBuild {
  status: DeploymentStatus;
  createdAt: Date;
}

export interface BuildEvidence {
  job: BuildJobState;
  /** Since when a worker holds the job (this attempt's), or null when none does. */
  runningSince: Date | null;
  /** AETHER_BUILD_TIMEOUT_SECONDS: a builder fails a build that runs longer itself, and says so. */
  timeLimitMs: number;
  /** Events of this build are in Redis that no control instance has applied yet. */
  eventsPending: boolean;
  now: Date;
  /** A build younger than this may not have reached the queue yet (its row is written first). */
  lostAfterMs: number;
}

export type BuildVerdict = { kind: 'keep' } | { kind: 'fail'; error: string };

export function judgeWaitingBuild(build: WaitingBuild, evidence: BuildEvidence): BuildVerdict {
  const { job, eventsPending, now, lostAfterMs, runningSince, timeLimitMs } = evidence;
  if (!WAITING_FOR_BUILD.includes(build.status) || eventsPending) return { kind: 'keep' };
  if (job === 'pending') {
    if (runningSince === null || now.getTime() - runningSince.getTime() <= timeLimitMs) return { kind: 'keep' };
    return { kind: 'fail', error: `the build ran past its time limit of ${timeLimitMs / 1000} s and the builder never reported its end: it stopped or hangs` };
  }
  if (now.getTime() - build.createdAt.getTime() < lostAfterMs) return { kind: 'keep' };
  if (job === 'missing') return { kind: 'fail', error: 'the build was lost: the builder no longer holds it' };
  return { kind: 'fail', error: `the build ended, but its outcome never reached control; the deployment was still ${build.status}` };
}

/** The waiting builds to fail, each judged by its own job and events, with the error it records. */
export function lostBuilds(
  waiting: readonly (WaitingBuild & { id: string })[],
  evidence: {
    jobs: ReadonlyMap<string, BuildJobState>;
    /** Since when a worker holds each running job. */
    running: ReadonlyMap<string, Date>;
    pending: ReadonlySet<string>;
    now: Date;
    lostAfterMs: number;
    timeLimitMs: number;
  },
): { id: string; error: string }[] {
  return waiting.flatMap((build) => {
    const verdict = judgeWaitingBuild(build, {
      job: evidence.jobs.get(build.id)!,
      runningSince: evidence.running.get(build.id) ?? null,
      eventsPending: evidence.pending.has(build.id),
      now: evidence.now,
      lostAfterMs: evidence.lostAfterMs,
      timeLimitMs: evidence.timeLimitMs,
    });
    return verdict.kind === 'fail' ? [{ id: build.id, error: verdict.error }] : [];
  });
}
