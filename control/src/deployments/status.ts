// A deployment moves through a closed set of states, forward only. Writers change a status with
// `UPDATE ... WHERE status IN (allowedFrom(next))`, so two writers racing (a cancel and the build's
// end, two control instances) cannot take a deployment back or out of a final state.

export const DEPLOYMENT_STATUSES = ['queued', 'building', 'deploying', 'ready', 'failed', 'canceled', 'superseded'] as const;
export type DeploymentStatus = (typeof DEPLOYMENT_STATUSES)[number];

export const DEPLOYMENT_TRIGGERS = ['manual', 'webhook', 'rollback'] as const;

/**
 * Where a rollout stands while its deployment is `deploying`, in order: its container being made
 * and started, the app probed until it answers on the deployment's own host, the production host
 * moving to it. Kept once the deployment is final, so a failed one says where it stopped.
 */
export const ROLLOUT_STEPS = ['starting', 'probing', 'switching'] as const;
export type RolloutStep = (typeof ROLLOUT_STEPS)[number];
export type DeploymentTrigger = (typeof DEPLOYMENT_TRIGGERS)[number];

const NEXT: Record<DeploymentStatus, readonly DeploymentStatus[]> = {
  queued: ['building', 'deploying', 'failed', 'canceled', 'superseded'],
  building: ['deploying', 'failed', 'canceled'],
  deploying: ['ready', 'failed', 'canceled'],
  ready: [],
  failed: [],
  canceled: [],
  superseded: [],
};

export function canTransition(from: DeploymentStatus, to: DeploymentStatus): boolean {
  return NEXT[from].includes(to);
}

/** The states a deployment may be in for it to move to `to`. */
export function allowedFrom(to: DeploymentStatus): DeploymentStatus[] {
  return DEPLOYMENT_STATUSES.filter((from) => canTransition(from, to));
}

/** The states a writer moves a deployment from to reach `to`: those it judged it in, and of them only those that may lead there. */
export function movableFrom(to: DeploymentStatus, judgedIn: readonly DeploymentStatus[] = allowedFrom(to)): DeploymentStatus[] {
  return judgedIn.filter((state) => canTransition(state, to));
}

/** A deployment in one of these will not change again. */
export function isFinal(status: DeploymentStatus): boolean {
  return NEXT[status].length === 0;
}
