import { readdir } from 'node:fs/promises';
import type Docker from 'dockerode';
import { and, eq, inArray, isNotNull } from 'drizzle-orm';
import { deployments, projects } from '../db/schema.js';
import { removeProductionRoutes } from '../routing/route-files.js';
import { containerName } from './container-spec.js';
import { startDeploymentContainer } from './deployment-container.js';
import { notFoundAs } from './engine-errors.js';
import { deploymentFilter, everyContainer, installFilter, REMOVE_CONTAINER, REMOVE_PROJECT_IMAGE } from './engine-options.js';
import { type BuildJobState, lostBuilds, WAITING_FOR_BUILD } from './lost-builds.js';
import { projectNetworkName } from './network-spec.js';
import { type LiveProject, networkPlan, orphansOf } from './orphan-plan.js';
import { joinTraefik, projectNetworks, removeNetwork } from './project-network.js';
import { routeProduction } from './production-route.js';
import {
  containersOfRefusedImages,
  interruptedRollouts,
  legacyContainers,
  mayNeedRepair,
  type PassFacts,
  type ProductionFacts,
  type ProductionRepair,
  productionRepair,
  projectsOnTheEngine,
  repairFailures,
  ROLLOUT_ABANDONED,
} from './repair-plan.js';
import { retireDeployments } from './retire.js';
import type { Platform } from './platform.js';
import type { LockLease } from './rollout-lock.js';
import { rolloutHolding } from './rollout.js';
import { DeploymentNotRunnable } from './rollout-plan.js';
import { transition } from './transition.js';

// Control can stop at any moment (a crash, an upgrade). At start-up and on a timer this brings
// Docker, the route files and the database back into agreement: the database says what should
// serve, Docker is made to match, and nothing stays half done.

type Project = typeof projects.$inferSelect;
type Deployment = typeof deployments.$inferSelect;

export interface ReconcileInputs {
  /** Where the builder's queue stands on a deployment's build, and since when a worker holds it. */
  buildJob(deploymentId: string): Promise<{ job: BuildJobState; runningSince: Date | null }>;
  /** Deployments with build events in Redis that no control instance has applied yet. */
  pendingBuildEvents(): Promise<ReadonlySet<string>>;
  /** A build the queue does not know is given this long to reach it. */
  lostBuildAfterMs: number;
  /** The builder's time limit on a build (AETHER_BUILD_TIMEOUT_SECONDS). */
  buildTimeLimitMs: number;
}

/**
 * One project's failure (its network's block, an engine that refuses) must not keep the others
 * from being repaired: every project is tried, then the failures are thrown together.
 */
export async function reconcile(platform: Platform, inputs: ReconcileInputs): Promise<void> {
  await failLostBuilds(platform, inputs);
  await removeContainersOfRefusedImages(platform);
  const facts = await passFacts(platform);
  const all = await platform.db.select().from(projects);
  const failures: unknown[] = [];
  for (const project of all.filter((listed) => mayNeedRepair(listed, facts))) {
    await repairProject(platform, project, facts.onTheEngine.has(project.id)).catch((error: unknown) => failures.push(error));
  }
  await removeOrphans(platform);
  await reconcileNetworks(platform);
  const failed = repairFailures(failures, all.length);
  if (failed !== null) throw failed;
}

/**
 * Read before the projects: a project whose first deployment, container or route file came since
 * is its rollout's to finish and retire around.
 */
async function passFacts(platform: Platform): Promise<PassFacts> {
  const filters = installFilter(platform.instance);
  const found = { containers: await platform.docker.listContainers(everyContainer(filters)), images: await platform.docker.listImages({ filters }) };
  const deploying = await platform.db.selectDistinct({ projectId: deployments.projectId }).from(deployments).where(eq(deployments.status, 'deploying'));
  return {
    onTheEngine: projectsOnTheEngine(found),
    deploying: new Set(deploying.map((row) => row.projectId)),
    routeFiles: new Set(await readdir(platform.routesDir)),
  };
}

async function repairProject(platform: Platform, listed: Project, onTheEngine: boolean): Promise<void> {
  // A project whose rollout is running (here or in another instance) is that rollout's to finish.
  const repaired = await platform.locks.tryRun(listed.id, async (lease) => {
    await settleInterruptedRollouts(platform, listed.id, lease);
    // Read under the lock, and after the rollouts taken up again: a rollout that ended since the
    // pass listed the projects has moved production, and the row listed would route the host
    // back to what served before it.
    const project = await platform.db.query.projects.findFirst({ where: eq(projects.id, listed.id) });
    if (project === undefined) return;
    if (onTheEngine) await recreateLegacyContainers(platform, project);
    await restoreProduction(platform, project);
  });
  // Outside the lock, as after a rollout: a drain must not hold up a rollback.
  if (repaired && onTheEngine) await retireDeployments(platform, listed.id);
}

/** A rollout a crash cut short is taken up again where it can still be, else failed with its container removed. */
async function settleInterruptedRollouts(platform: Platform, projectId: string, lease: LockLease): Promise<void> {
  const rows = await platform.db
    .select({ id: deployments.id, status: deployments.status, createdAt: deployments.createdAt, buildFinishedAt: deployments.buildFinishedAt })
    .from(deployments)
    .where(and(eq(deployments.projectId, projectId), eq(deployments.status, 'deploying')));
  const { resume, fail } = interruptedRollouts(rows, new Date());
  for (const id of resume) await rolloutHolding(platform, id, lease);
  for (const id of fail) {
    await removeContainersOf(platform.docker, deploymentFilter(platform.instance, id));
    await transition(platform.db, id, 'failed', { error: ROLLOUT_ABANDONED });
  }
}

/** Fails the builds `lostBuilds` judges the queue lost: the reconciler's first step, of the database and the queue only. */
export async function failLostBuilds(platform: Pick<Platform, 'db'>, inputs: ReconcileInputs): Promise<void> {
  const waiting = await platform.db
    .select({ id: deployments.id, status: deployments.status, createdAt: deployments.createdAt })
    .from(deployments)
    .where(inArray(deployments.status, WAITING_FOR_BUILD));
  const jobs = new Map<string, BuildJobState>();
  const running = new Map<string, Date>();
  for (const { id } of waiting) {
    const { job, runningSince } = await inputs.buildJob(id);
    jobs.set(id, job);
    if (runningSince !== null) running.set(id, runningSince);
  }
  // Read after the jobs: a job that ended has written its last event before, so it shows here
  // until an instance has applied it, and by then the deployment has moved on.
  const pending = await inputs.pendingBuildEvents();
  const evidence = { jobs, running, pending, now: new Date(), lostAfterMs: inputs.lostBuildAfterMs, timeLimitMs: inputs.buildTimeLimitMs };
  for (const { id, error } of lostBuilds(waiting, evidence)) {
    // Only from where it was judged: one that moved on meanwhile is its event's.
    await transition(platform.db, id, 'failed', { error }, WAITING_FOR_BUILD);
  }
}

/** Each container off the project's network is made anew on it; its host is down for that moment, once. */
async function recreateLegacyContainers(platform: Platform, project: Project): Promise<void> {
  const containers = await platform.docker.listContainers(everyContainer(installFilter(platform.instance, project.id)));
  for (const legacy of legacyContainers(containers, projectNetworkName(platform.instance, project.id))) {
    const deployment =
      legacy.deploymentId === null
        ? undefined
        : await platform.db.query.deployments.findFirst({ where: and(eq(deployments.projectId, project.id), eq(deployments.id, legacy.deploymentId)) });
    const recreated = deployment !== undefined && (await startDeploymentContainer(platform, project, deployment).then(() => true, notRunnableAsFalse));
    if (!recreated) await platform.docker.getContainer(legacy.containerId).remove(REMOVE_CONTAINER).catch(() => undefined);
  }
}

function notRunnableAsFalse(error: unknown): false {
  if (error instanceof DeploymentNotRunnable) return false;
  throw error;
}

/** The production deployment's container runs and the production host points at it, or at nothing. */
export async function restoreProduction(platform: Platform, project: Project): Promise<void> {
  const serving =
    project.productionDeploymentId === null
      ? undefined
      : await platform.db.query.deployments.findFirst({ where: and(eq(deployments.id, project.productionDeploymentId), isNotNull(deployments.imageId)) });
  const facts: ProductionFacts = serving === undefined ? { serving: false } : await productionFacts(platform, project, serving);
  const running = serving !== undefined && (await repairProduction(platform, project, serving, productionRepair(facts)));
  await routeProduction(platform, project, running ? serving.id : null);
}

async function productionFacts(platform: Platform, project: Project, deployment: Deployment): Promise<ProductionFacts> {
  // Only the engine's word that there is no such container, or image, counts as its absence.
  const state = await platform.docker.getContainer(containerName(deployment.id, project.slug)).inspect().then((info) => info.State, notFoundAs(null));
  if (state !== null) return { serving: true, container: state.Running ? 'running' : 'stopped' };
  const imagePresent = (await platform.docker.getImage(deployment.imageId!).inspect().catch(notFoundAs(null))) !== null;
  return { serving: true, container: 'absent', imagePresent };
}

/** Carries the repair out; true when the deployment's container runs after it. */
async function repairProduction(platform: Platform, project: Project, deployment: Deployment, repair: ProductionRepair): Promise<boolean> {
  switch (repair) {
    case 'keep':
      return true;
    case 'start':
      await platform.docker.getContainer(containerName(deployment.id, project.slug)).start();
      return true;
    case 'create':
      return startDeploymentContainer(platform, project, deployment).then(() => true, notRunnableAsFalse);
    case 'unroute':
      return false;
  }
}

/** Containers whose image carries a label Aether refuses go (see repair-plan.ts). */
async function removeContainersOfRefusedImages(platform: Platform): Promise<void> {
  const containers = await platform.docker.listContainers(everyContainer(installFilter(platform.instance)));
  const imageLabels = new Map<string, Record<string, string> | null>();
  for (const imageId of new Set(containers.map((c) => c.ImageID))) {
    const image = await platform.docker.getImage(imageId).inspect().catch(() => null);
    if (image !== null) imageLabels.set(imageId, image.Config.Labels);
  }
  for (const id of containersOfRefusedImages(containers, imageLabels, platform.instance)) {
    await platform.docker.getContainer(id).remove(REMOVE_CONTAINER);
  }
}

/**
 * Containers, images and route files of deleted projects go. Projects are read after those are
 * listed, as for networks below: a project created while this pass repaired the others (its
 * drains take seconds) has its row before anything of it exists, so is never taken for deleted.
 */
async function removeOrphans(platform: Platform): Promise<void> {
  const filters = installFilter(platform.instance);
  const found = {
    containers: await platform.docker.listContainers(everyContainer(filters)),
    images: await platform.docker.listImages({ filters }),
    routeFiles: await readdir(platform.routesDir),
  };
  const live: LiveProject[] = await platform.db.select({ id: projects.id, slug: projects.slug }).from(projects);
  const orphans = orphansOf(live, found);
  for (const id of orphans.containers) await platform.docker.getContainer(id).remove(REMOVE_CONTAINER);
  for (const id of orphans.images) await platform.docker.getImage(id).remove(REMOVE_PROJECT_IMAGE).catch(() => undefined);
  for (const slug of orphans.routes) await removeProductionRoutes(platform.routesDir, slug);
}

/**
 * Traefik is on every project's network (a recreated Traefik container is on none until it
 * joins again), and networks of deleted projects go. Projects are read after networks are
 * listed: a project's row exists before its network, so a network made by a rollout that
 * started meanwhile is never taken for an orphan.
 */
async function reconcileNetworks(platform: Platform): Promise<void> {
  const networks = await projectNetworks(platform);
  const live = new Set((await platform.db.select({ id: projects.id }).from(projects)).map((p) => p.id));
  const plan = networkPlan(networks, live);
  for (const name of plan.join) await joinTraefik(platform, name);
  for (const name of plan.remove) await removeNetwork(platform, name);
}

async function removeContainersOf(docker: Docker, filters: string): Promise<void> {
  for (const c of await docker.listContainers(everyContainer(filters))) {
    await docker.getContainer(c.Id).remove(REMOVE_CONTAINER);
  }
}
