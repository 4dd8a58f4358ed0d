import type { DeploymentReply } from '../../../control/src/api/replies.js';

// What the deployments list shows and offers, decided from the API's replies alone.

/** A deployment as the list reads it; `branch` where the reply carries one. */
export type ListedDeployment = Pick<DeploymentReply, 'id' | 'status' | 'imageKept' | 'containerKept'> & { branch?: string | null };

export interface DeploymentFilter {
  /** A status, or '' for any. */
  status: string;
  /** Part of a branch name, any case, or '' for any. */
  branch: string;
}

export function filterDeployments<T extends ListedDeployment>(deployments: readonly T[], filter: DeploymentFilter): T[] {
  const branch = filter.branch.trim().toLowerCase();
  return deployments.filter(
    (d) => (filter.status === '' || d.status === filter.status) && (branch === '' || (d.branch ?? '').toLowerCase().includes(branch)),
  );
}

/** Every status, in the order a deployment goes through them. */
export const STATUSES: ReadonlyArray<DeploymentReply['status']> = ['queued', 'building', 'deploying', 'ready', 'failed', 'canceled', 'superseded'];

type RolloutStep = NonNullable<DeploymentReply['rolloutStep']>;

const ROLLOUT_STEP_WORDS: Record<RolloutStep, string> = {
  starting: 'starting its container',
  probing: 'waiting for the app to answer',
  switching: 'moving the production host to it',
};

/** The rollout as the deployment page words it: the step it is at while deploying, or where a failed one stopped; null otherwise. */
export function rolloutProgress(d: Pick<DeploymentReply, 'status' | 'rolloutStep'>): string | null {
  if (d.rolloutStep === null) return null;
  if (d.status === 'deploying') return ROLLOUT_STEP_WORDS[d.rolloutStep];
  return d.status === 'failed' ? `failed while ${ROLLOUT_STEP_WORDS[d.rolloutStep]}` : null;
}

/** The statuses a build can still be canceled in. */
export function isCancelable(status: string): boolean {
  return status === 'queued' || status === 'building';
}

/** Whether the list may offer a rollback to `d`: one whose image is kept, and that is not live now. */
export function canRollBack(d: ListedDeployment, liveId: string | null): boolean {
  return d.imageKept && d.id !== liveId;
}

/** Whether `d` answers on its own URL: its container is kept running. */
export function canVisit(d: ListedDeployment): boolean {
  return d.containerKept;
}

/** Whether any deployment carries a branch, so that the list gives it a column. */
export function hasBranches(deployments: readonly ListedDeployment[]): boolean {
  return deployments.some((d) => typeof d.branch === 'string');
}

/** The trigger as people say it: a GitHub push is a push. */
export function triggerLabel(trigger: DeploymentReply['trigger']): string {
  return trigger === 'webhook' ? 'push' : trigger;
}

/** The statuses in which a deployment is still on its way to live. */
export function isUnderWay(status: string): boolean {
  return status === 'queued' || status === 'building' || status === 'deploying';
}

/**
 * How long a deployment took, or has taken so far while under way; for one that stopped short of
 * live, how long its build ran. Null when no time was spent on it.
 */
export function shownDuration(d: Pick<DeploymentReply, 'status' | 'createdAt' | 'durations'>, now: number): number | null {
  if (d.durations.totalMs !== null) return d.durations.totalMs;
  if (isUnderWay(d.status)) return Math.max(0, now - Date.parse(d.createdAt));
  return d.durations.buildMs;
}
