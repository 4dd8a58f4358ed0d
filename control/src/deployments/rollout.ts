import { setTimeout as sleep } from 'node:timers/promises';
import type Docker from 'dockerode';
import { eq } from 'drizzle-orm';
import { deployments, projects } from '../db/schema.js';
import { containerLogTail } from '../logs/container-logs.js';
import { deploymentHost, productionHost, shortId } from '../routing/deployment-hosts.js';
import { containerName } from './container-spec.js';
import { DeploymentNotRunnable, startDeploymentContainer } from './deployment-container.js';
import type { Platform, RolloutOutcome } from './platform.js';
import { appAnswered, probe } from './probe.js';
import { routeProduction } from './production-route.js';
import { retireDeployments } from './retire.js';
import { transition } from './transition.js';

// A built deployment goes live: its container starts beside the serving one, takes the
// production host once it answers through Traefik, and older containers go. Any failure on the
// way leaves the serving deployment as it was.

type Project = typeof projects.$inferSelect;
type Deployment = typeof deployments.$inferSelect;

// Failures whose message is for the user, as they stand.
class RolloutFailed extends Error {}

/** Rolls a deployment in `deploying` out, after any other rollout of its project; anything else is left alone. */
export async function rollout(platform: Platform, deploymentId: string): Promise<void> {
  const queued = await platform.db.query.deployments.findFirst({ where: eq(deployments.id, deploymentId) });
  if (queued === undefined) return;
  const outcome = await platform.locks.run(queued.projectId, () => rolloutLocked(platform, deploymentId));
  // After the lock: draining the container it replaced must not hold up the project's next
  // rollout, such as a rollback right after this deployment went live.
  if (outcome === 'ready') await retireDeployments(platform, queued.projectId);
}

async function rolloutLocked(platform: Platform, deploymentId: string): Promise<RolloutOutcome | null> {
  // Read under the lock: the rollout before this one may have changed both.
  const deployment = await platform.db.query.deployments.findFirst({ where: eq(deployments.id, deploymentId) });
  if (deployment?.status !== 'deploying') return null;
  const project = await platform.db.query.projects.findFirst({ where: eq(projects.id, deployment.projectId) });
  if (project === undefined) return null;
  const started = Date.now();
  const outcome = await rollOut(platform, project, deployment);
  platform.onRolloutFinished?.(outcome, Date.now() - started);
  return outcome;
}

async function rollOut(platform: Platform, project: Project, deployment: Deployment): Promise<RolloutOutcome> {
  const container = platform.docker.getContainer(containerName(deployment.id, project.slug));
  try {
    await startDeploymentContainer(platform, project, deployment);
    await waitUntilAnswering(platform, container, project, deployment);
    await routeProduction(platform, project, deployment.id);
    await waitUntilProductionMoved(platform, project, deployment);
  } catch (error) {
    await routeProduction(platform, project, project.productionDeploymentId);
    const logs = await containerLogTail(container, 30).catch(() => '');
    await container.remove({ force: true, v: true }).catch(() => undefined);
    const reason = error instanceof RolloutFailed || error instanceof DeploymentNotRunnable ? error.message : `the rollout failed: ${String(error)}`;
    await transition(platform.db, deployment.id, 'failed', { error: logs === '' ? reason : `${reason}\n\nLast lines of the app's log:\n${logs}` });
    return 'failed';
  }
  return (await goLive(platform, project, deployment)) ? 'ready' : 'canceled';
}

/** Until the app answers its health check through Traefik on the deployment's own host. */
async function waitUntilAnswering(platform: Platform, container: Docker.Container, project: Project, deployment: Deployment): Promise<void> {
  const host = deploymentHost(deployment.id, project.slug, platform.appsDomain);
  const path = project.settings.healthCheckPath ?? '/';
  const deadline = Date.now() + platform.healthTimeoutMs;
  while (Date.now() < deadline) {
    const state = (await container.inspect()).State;
    if (!state.Running || state.Restarting) {
      throw new RolloutFailed(`the app exited with code ${state.ExitCode} before it answered on port ${deployment.port}`);
    }
    const reply = await probe(platform.traefikUrl, host, path).catch(() => null);
    if (reply !== null && appAnswered(reply, shortId(deployment.id))) return;
    await sleep(50);
  }
  throw new RolloutFailed(`the app did not answer ${path} on port ${deployment.port} within ${platform.healthTimeoutMs / 1000} s`);
}

/** Traefik reloads the file on its own schedule; the deployment is live once the production host reaches it. */
async function waitUntilProductionMoved(platform: Platform, project: Project, deployment: Deployment): Promise<void> {
  const host = productionHost(project.slug, platform.appsDomain);
  const deadline = Date.now() + 15_000;
  while (Date.now() < deadline) {
    const reply = await probe(platform.traefikUrl, host, project.settings.healthCheckPath ?? '/').catch(() => null);
    if (reply !== null && appAnswered(reply, shortId(deployment.id))) return;
    await sleep(50);
  }
  throw new RolloutFailed('Traefik did not move the production host to the new deployment within 15 s');
}

/** True once the deployment is live; false when it was canceled meanwhile. */
async function goLive(platform: Platform, project: Project, deployment: Deployment): Promise<boolean> {
  const live = await transition(platform.db, deployment.id, 'ready', { readyAt: new Date() });
  if (!live) {
    // Canceled while it rolled out: what served before serves again.
    await routeProduction(platform, project, project.productionDeploymentId);
    await platform.docker.getContainer(containerName(deployment.id, project.slug)).remove({ force: true, v: true }).catch(() => undefined);
    return false;
  }
  await platform.db.update(projects).set({ productionDeploymentId: deployment.id }).where(eq(projects.id, project.id));
  return true;
}
