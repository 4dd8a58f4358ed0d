// Every key and channel the build queue uses besides BullMQ's own, in one place.
export const keys = {
  /** The newest deployment enqueued for a project; an older one that has not started yields to it. */
  latest: (projectId: string) => `aether:build:latest:${projectId}`,
  /** Held by the one build of a project that is running. */
  lock: (projectId: string) => `aether:build:lock:${projectId}`,
  /** Set when a deployment is canceled, so a build that has not started yet never does. */
  canceled: (deploymentId: string) => `aether:build:canceled:${deploymentId}`,
  /** Carries the IDs of canceled deployments to the workers running them. */
  cancelChannel: 'aether:build:cancel',
};

/** Long enough to outlive any queue wait; only there so abandoned keys go away. */
export const KEY_TTL_SECONDS = 7 * 24 * 3600;
