import type Docker from 'dockerode';
import { eq } from 'drizzle-orm';
import { throughOutages } from '../db/database-outage.js';
import { deployments, projects } from '../db/schema.js';
import { containerLogTail } from '../logs/container-logs.js';
import type { Hostname } from '../routing/hostname.js';
import { deploymentHost, productionHost, shortId } from '../routing/deployment-hosts.js';
import { containerName } from './container-spec.js';
import { rolloutContainer } from './deployment-container.js';
import { REMOVE_CONTAINER } from './engine-options.js';
import { engineOf, throughEngineRestarts } from './engine-restarts.js';
import type { Platform, RolloutOutcome } from './platform.js';
import { within } from './poll.js';
import { appAnswered, probe } from './probe.js';
import { routeProduction } from './production-route.js';
import { retireDeployments } from './retire.js';
import type { LockLease } from './rollout-lock.js';
import { exitedBeforeAnswering, failedRolloutError, healthCheckPath, notAnsweredWithin, PRODUCTION_MOVE_MS, PRODUCTION_NOT_MOVED, ROLLOUT_LOCK_LOST, RolloutFailed } from './rollout-plan.js';
import type { RolloutStep } from './status.js';
import { enterRolloutStep, goLive, transition } from './transition.js';

// A built deployment goes live: its container starts beside the serving one, takes the
// production host once it answers through Traefik, and older containers go. Any failure on the
// way leaves the serving deployment as it was (rollout-plan.ts says what each step makes of it).

type Project = typeof projects.$inferSelect;
type Deployment = typeof deployments.$inferSelect;

/** Rolls a deployment in `deploying` out, after any other rollout of its project; anything else is left alone. */
export async function rollout(platform: Platform, deploymentId: string): Promise<void> {
  const queued = await platform.db.query.deployments.findFirst({ where: eq(deployments.id, deploymentId) });
  if (queued === undefined) return;
  const outcome = await platform.locks.run(queued.projectId, (lease) => rolloutHolding(platform, deploymentId, lease));
  // After the lock: draining the container it replaced must not hold up the project's next
  // rollout, such as a rollback right after this deployment went live.
  if (outcome === 'ready') await retireDeployments(platform, queued.projectId);
}

/** Rolls a deployment in `deploying` out with its project's lock held: a rollout's own, or one a crash cut short, taken up again. */
export async function rolloutHolding(platform: Platform, deploymentId: string, lease: LockLease): Promise<RolloutOutcome | null> {
  // Read under the lock: the rollout before this one may have changed both.
  const deployment = await platform.db.query.deployments.findFirst({ where: eq(deployments.id, deploymentId) });
  if (deployment?.status !== 'deploying') return null;
  const project = await platform.db.query.projects.findFirst({ where: eq(projects.id, deployment.projectId) });
  if (project === undefined) return null;
  const started = Date.now();
  const outcome = await rollOut(platform, project, deployment, lease);
  platform.onRolloutFinished?.(outcome, Date.now() - started);
  return outcome;
}

async function rollOut(platform: Platform, project: Project, deployment: Deployment, lease: LockLease): Promise<RolloutOutcome> {
  const container = platform.docker.getContainer(containerName(deployment.id, project.slug));
  const steps: Array<[RolloutStep, () => Promise<void>]> = [
    ['starting', () => rolloutContainer(platform, project, deployment)],
    ['probing', () => waitUntilAnswering(platform, container, project, deployment)],
    ['switching', async () => {
      await routeProduction(platform, project, deployment.id);
      await waitUntilProductionMoved(platform, project, deployment);
    }],
  ];
  try {
    // Each step may run again from its start, and the steps from the first: the container an
    // attempt started is kept or made anew, the probes ask again, the route file is written whole.
    await throughEngineRestarts(engineOf(platform.docker), async () => {
      for (const [name, work] of steps) {
        await outlastingOutages(platform, async () => {
          await stillHeld(lease);
          await enterRolloutStep(platform.db, deployment.id, name);
          await work();
        });
      }
    });
    await outlastingOutages(platform, () => stillHeld(lease));
  } catch (error) {
    const logTail = await undo(platform, project, container);
    const failed = { error: failedRolloutError(error, logTail) };
    await outlastingOutages(platform, () => transition(platform.db, deployment.id, 'failed', failed));
    return 'failed';
  }
  return (await promote(platform, project, deployment, container)) ? 'ready' : 'canceled';
}

/** `work`, run again when a short database outage cut it. */
function outlastingOutages<T>(platform: Platform, work: () => Promise<T>): Promise<T> {
  return throughOutages(work, () => platform.db.$client.query('SELECT 1'));
}

/** With the lock taken by another instance meanwhile, that one may roll the project out or repair it: this rollout stops and undoes its part. */
async function stillHeld(lease: LockLease): Promise<void> {
  if (!(await lease.keep())) throw new RolloutFailed(ROLLOUT_LOCK_LOST);
}

/** What served before serves again, and the new container goes; returns the last lines it logged. */
async function undo(platform: Platform, project: Project, container: Docker.Container): Promise<string> {
  await outlastingOutages(platform, () => routeProduction(platform, project, project.productionDeploymentId));
  const logTail = await containerLogTail(container, 30).catch(() => '');
  await container.remove(REMOVE_CONTAINER).catch(() => undefined);
  return logTail;
}

/** Until the app answers its health check through Traefik on the deployment's own host. */
async function waitUntilAnswering(platform: Platform, container: Docker.Container, project: Project, deployment: Deployment): Promise<void> {
  const host = deploymentHost(deployment.id, project.slug, platform.appsDomain);
  const path = healthCheckPath(project, deployment);
  const answered = await within(platform.healthTimeoutMs, async () => {
    const exited = exitedBeforeAnswering((await container.inspect()).State, deployment.port);
    if (exited !== null) throw new RolloutFailed(exited);
    return answers(platform, host, path, deployment);
  });
  if (!answered) throw new RolloutFailed(notAnsweredWithin(path, deployment.port, platform.healthTimeoutMs));
}

/** Traefik reloads the file on its own schedule; the deployment is live once the production host reaches it. */
async function waitUntilProductionMoved(platform: Platform, project: Project, deployment: Deployment): Promise<void> {
  const host = productionHost(project.slug, platform.appsDomain);
  const moved = await within(PRODUCTION_MOVE_MS, () => answers(platform, host, healthCheckPath(project, deployment), deployment));
  if (!moved) throw new RolloutFailed(PRODUCTION_NOT_MOVED);
}

async function answers(platform: Platform, host: Hostname, path: string, deployment: Deployment): Promise<boolean> {
  const reply = await probe(platform.traefikUrl, host, path).catch(() => null);
  return reply !== null && appAnswered(reply, shortId(deployment.id));
}

/** True once the deployment is live; false when it was canceled meanwhile. */
async function promote(platform: Platform, project: Project, deployment: Deployment, container: Docker.Container): Promise<boolean> {
  const live = await goLive(platform.db, deployment.id, project.id);
  if (!live) {
    // Canceled while it rolled out: what served before serves again.
    await routeProduction(platform, project, project.productionDeploymentId);
    await container.remove(REMOVE_CONTAINER).catch(() => undefined);
  }
  return live;
}
