// What a rollout makes of what it sees, and what a failed one records, as data: rollout.ts
// carries it out. A rollout that fails at any step puts the serving deployment back on the
// production host, removes the new container and records the failure with these words.

/** A failure whose message is for the user, as it stands; anything else is Aether's fault. */
export class RolloutFailed extends Error {}

/** The precondition a user can fix, in words for them. */
export class DeploymentNotRunnable extends RolloutFailed {}

/** What a deployment's container is made of, or why it cannot be made. */
export function runnable(deployment: { imageId: string | null; port: number | null }): { image: string; port: number } {
  if (deployment.imageId === null) throw new DeploymentNotRunnable('the deployment has no image');
  if (deployment.port === null) {
    throw new DeploymentNotRunnable("the image does not say which port the app listens on: set the project's port, or EXPOSE one in the Dockerfile");
  }
  return { image: deployment.imageId, port: deployment.port };
}

/** How long Traefik has to move the production host once its route file is written. */
export const PRODUCTION_MOVE_MS = 15_000;

/** Null while the new container runs; else why the rollout stops waiting for it to answer. */
export function exitedBeforeAnswering(state: { Running: boolean; Restarting: boolean; ExitCode: number }, port: number | null): string | null {
  // A container in a restart loop runs between crashes: it is no more up than one that exited.
  if (state.Running && !state.Restarting) return null;
  return `the app exited with code ${state.ExitCode} before it answered on port ${port}`;
}

export function notAnsweredWithin(path: string, port: number | null, timeoutMs: number): string {
  return `the app did not answer ${path} on port ${port} within ${timeoutMs / 1000} s`;
}

export const PRODUCTION_NOT_MOVED = `Traefik did not move the production host to the new deployment within ${PRODUCTION_MOVE_MS / 1000} s`;

/** The error a failed rollout records: the reason, with the app's last lines of log when it wrote any. */
export function failedRolloutError(error: unknown, logTail: string): string {
  const reason = error instanceof RolloutFailed ? error.message : `the rollout failed: ${String(error)}`;
  return logTail === '' ? reason : `${reason}\n\nLast lines of the app's log:\n${logTail}`;
}
