import { AETHER_LABELS } from '../../../contract/aether-labels.js';
import { type Owner, ownedBy } from './engine-options.js';

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

/** A container as the engine inspects it, in what a rollout taken up again judges it by. */
export interface InspectedContainer {
  Image: string;
  State: { Running: boolean; Restarting: boolean };
  Config: { Labels: Record<string, string> | null };
  NetworkSettings: { Networks: Record<string, unknown> };
}

/**
 * Whether a rollout taken up again keeps the container its interrupted attempt started: one that
 * runs the deployment's image on the project's network, labelled this install's for it. Made anew,
 * it would leave the production host, which the attempt may have moved to it, pointing at nothing
 * while it starts.
 */
export function keepsStartedContainer(container: InspectedContainer, expected: { image: string | null; network: string; owner: Owner; deploymentId: string }): boolean {
  const { State: state, Config: config } = container;
  return (
    state.Running &&
    !state.Restarting &&
    container.Image === expected.image &&
    expected.network in container.NetworkSettings.Networks &&
    ownedBy(config.Labels, expected.owner) &&
    config.Labels?.[AETHER_LABELS.deployment] === expected.deploymentId
  );
}

/** How long Traefik has to move the production host once its route file is written. */
export const PRODUCTION_MOVE_MS = 15_000;

/** Null while the new container runs; else why the rollout stops waiting for it to answer. */
export function exitedBeforeAnswering(state: { Running: boolean; Restarting: boolean; ExitCode: number; OOMKilled?: boolean }, port: number | null): string | null {
  // A container in a restart loop runs between crashes: it is no more up than one that exited.
  if (state.Running && !state.Restarting) return null;
  const exited = `the app exited with code ${state.ExitCode} before it answered on port ${port}`;
  const hint = state.OOMKilled === true ? OUT_OF_MEMORY : EXIT_HINTS[state.ExitCode];
  return hint === undefined ? exited : `${exited}: ${hint}`;
}

const OUT_OF_MEMORY = "it ran out of memory: raise the project's memoryMb setting, or make the app use less";

// The shell's own codes, which an app's error output rarely explains.
const EXIT_HINTS: Readonly<Record<number, string>> = {
  0: "its start command ended instead of serving (a build step or a one-off script?): set startCommand to the command that runs the server",
  126: 'its start command is not executable in the image: check startCommand, or the file mode of the script it runs',
  127:
    'its start command was not found in the image: a tool installed as a devDependency is left out of the production image, ' +
    "or the command is misspelled; set startCommand to the production server's command",
};

/** Where the new deployment must answer: its aether.json's path wins over the project's setting, as for every setting. */
export function healthCheckPath(project: { settings: { healthCheckPath?: string } }, deployment: { repositorySettings: { healthCheckPath?: string } | null }): string {
  return deployment.repositorySettings?.healthCheckPath ?? project.settings.healthCheckPath ?? '/';
}

export function notAnsweredWithin(path: string, port: number | null, timeoutMs: number): string {
  return `the app did not answer ${path} on port ${port} within ${timeoutMs / 1000} s`;
}

export const PRODUCTION_NOT_MOVED = `Traefik did not move the production host to the new deployment within ${PRODUCTION_MOVE_MS / 1000} s`;

/** Another instance took the project while this one had lost its lock: the rollout stops rather than race it. */
export const ROLLOUT_LOCK_LOST = "control lost its database connection during the rollout, and another control instance took the project meanwhile; the previous deployment kept serving";

/** The error a failed rollout records: the reason, with the app's last lines of log when it wrote any. */
export function failedRolloutError(error: unknown, logTail: string): string {
  const reason = error instanceof RolloutFailed ? error.message : `the rollout failed: ${String(error)}`;
  return logTail === '' ? reason : `${reason}\n\nLast lines of the app's log:\n${logTail}`;
}
