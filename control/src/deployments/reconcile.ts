import { readdir } from 'node:fs/promises';
import type Docker from 'dockerode';
import { and, eq, inArray, isNotNull, lt, sql } from 'drizzle-orm';
import { deployments, projects } from '../db/schema.js';
import { removeProductionRoutes } from '../routing/route-files.js';
import { AETHER_LABELS } from '../../../contract/aether-labels.js';
import { containerName, installFilter } from './container-spec.js';
import { DeploymentNotRunnable, startDeploymentContainer } from './deployment-container.js';
import { refusedImageLabel } from './image-labels.js';
import { type BuildJobState, judgeWaitingBuild, WAITING_FOR_BUILD } from './lost-builds.js';
import { projectNetworkName } from './network-spec.js';
import { type LiveProject, networkPlan, orphansOf } from './orphan-plan.js';
import { joinTraefik, projectNetworks, removeNetwork } from './project-network.js';
import { routeProduction } from './production-route.js';
import { retireDeployments } from './retire.js';
import type { Platform } from './platform.js';
import { transition } from './transition.js';

// Control can stop at any moment (a crash, an upgrade). At start-up and on a timer this brings
// Docker, the route files and the database back into agreement: the database says what should
// serve, Docker is made to match, and nothing stays half done.

export interface ReconcileInputs {
  /** Where the builder's queue stands on a deployment's build. */
  buildJob(deploymentId: string): Promise<BuildJobState>;
  /** Deployments with build events in Redis that no control instance has applied yet. */
  pendingBuildEvents(): Promise<ReadonlySet<string>>;
  /** A build the queue does not know is given this long to reach it. */
  lostBuildAfterMs: number;
}

/**
 * One project's failure (its network's block, an engine that refuses) must not keep the others
 * from being repaired: every project is tried, then the failures are thrown together.
 */
export async function reconcile(platform: Platform, inputs: ReconcileInputs): Promise<void> {
  await failLostBuilds(platform, inputs);
  await removeContainersOfRefusedImages(platform);
  const all = await platform.db.select().from(projects);
  const failures: unknown[] = [];
  for (const project of all) await repairProject(platform, project).catch((error: unknown) => failures.push(error));
  await removeOrphans(platform);
  await reconcileNetworks(platform);
  if (failures.length > 0) throw new AggregateError(failures, `${failures.length} of ${all.length} projects could not be reconciled`);
}

async function repairProject(platform: Platform, project: typeof projects.$inferSelect): Promise<void> {
  // A project whose rollout is running (here or in another instance) is that rollout's to finish.
  const repaired = await platform.locks.tryRun(project.id, async () => {
    await failInterruptedRollouts(platform, project.id);
    await recreateLegacyContainers(platform, project);
    await restoreProduction(platform, project);
  });
  // Outside the lock, as after a rollout: a drain must not hold up a rollback.
  if (repaired) await retireDeployments(platform, project.id);
}

/**
 * A rollout takes the project's lock within moments of its deployment turning `deploying`, in
 * whichever control instance started it, and holds it to the end; one waiting behind another
 * rollout keeps the lock from this reconciler too. So a deployment `deploying` for longer than
 * this, with the lock free, was left so by a crash.
 */
const ROLLOUT_START_GRACE_MS = 15_000;

async function failInterruptedRollouts(platform: Platform, projectId: string): Promise<void> {
  const stuck = await platform.db
    .select({ id: deployments.id })
    .from(deployments)
    .where(
      and(
        eq(deployments.projectId, projectId),
        eq(deployments.status, 'deploying'),
        // A build's deployment turns `deploying` as the build ends; a rollback's as it is made.
        lt(sql`coalesce(${deployments.buildFinishedAt}, ${deployments.createdAt})`, new Date(Date.now() - ROLLOUT_START_GRACE_MS)),
      ),
    );
  for (const deployment of stuck) {
    await removeContainersOf(platform.docker, `${AETHER_LABELS.deployment}=${deployment.id}`);
    await transition(platform.db, deployment.id, 'failed', { error: 'control stopped during the rollout; the previous deployment kept serving' });
  }
}

async function failLostBuilds(platform: Platform, inputs: ReconcileInputs): Promise<void> {
  const waiting = await platform.db
    .select({ id: deployments.id, status: deployments.status, createdAt: deployments.createdAt })
    .from(deployments)
    .where(and(inArray(deployments.status, WAITING_FOR_BUILD), lt(deployments.createdAt, new Date(Date.now() - inputs.lostBuildAfterMs))));
  const jobs = new Map<string, BuildJobState>();
  for (const { id } of waiting) jobs.set(id, await inputs.buildJob(id));
  // Read after the jobs: a job that ended has written its last event before, so it shows here
  // until an instance has applied it, and by then the deployment has moved on.
  const pending = await inputs.pendingBuildEvents();
  for (const build of waiting) {
    const verdict = judgeWaitingBuild(build, { job: jobs.get(build.id)!, eventsPending: pending.has(build.id), now: new Date(), lostAfterMs: inputs.lostBuildAfterMs });
    // Only from where it was judged: one that moved on meanwhile is its event's.
    if (verdict.kind === 'fail') await transition(platform.db, build.id, 'failed', { error: verdict.error }, WAITING_FOR_BUILD);
  }
}

/**
 * Containers made before project networks (an install upgraded from such a version) share
 * `aether-apps` with every other tenant's and lack the hardening of container-spec.ts: each is
 * made anew from its image, on the project's network. Its host is down for that moment, once.
 */
async function recreateLegacyContainers(platform: Platform, project: typeof projects.$inferSelect): Promise<void> {
  const network = projectNetworkName(platform.instance, project.id);
  const filters = installFilter(platform.instance, project.id);
  for (const c of await platform.docker.listContainers({ all: true, filters })) {
    if (c.HostConfig.NetworkMode === network) continue;
    const deployment = await platform.db.query.deployments.findFirst({
      where: and(eq(deployments.projectId, project.id), eq(deployments.id, c.Labels[AETHER_LABELS.deployment] ?? project.id)),
    });
    const recreated = deployment !== undefined && (await startDeploymentContainer(platform, project, deployment).then(() => true, notRunnableAsFalse));
    if (!recreated) await platform.docker.getContainer(c.Id).remove({ force: true, v: true }).catch(() => undefined);
  }
}

function notRunnableAsFalse(error: unknown): false {
  if (error instanceof DeploymentNotRunnable) return false;
  throw error;
}

/** The production deployment's container runs and the production host points at it, or at nothing. */
async function restoreProduction(platform: Platform, project: typeof projects.$inferSelect): Promise<void> {
  const serving =
    project.productionDeploymentId === null
      ? undefined
      : await platform.db.query.deployments.findFirst({ where: and(eq(deployments.id, project.productionDeploymentId), isNotNull(deployments.imageId)) });
  const running = serving !== undefined && (await ensureRunning(platform, project, serving));
  await routeProduction(platform, project, running ? serving.id : null);
}

/** Starts the container again, or makes it anew from its image; false when even the image is gone. */
async function ensureRunning(platform: Platform, project: typeof projects.$inferSelect, deployment: typeof deployments.$inferSelect): Promise<boolean> {
  const container = platform.docker.getContainer(containerName(deployment.id, project.slug));
  const state = await container.inspect().then((info) => info.State, () => null);
  if (state?.Running) return true;
  if (state !== null) {
    await container.start();
    return true;
  }
  if ((await platform.docker.getImage(deployment.imageId!).inspect().catch(() => null)) === null) return false;
  return startDeploymentContainer(platform, project, deployment).then(() => true, notRunnableAsFalse);
}

/**
 * Containers made before Aether refused images that carry labels of their own (an install
 * upgraded from such a version) still route what their image's labels say: they go.
 */
async function removeContainersOfRefusedImages(platform: Platform): Promise<void> {
  const filters = installFilter(platform.instance);
  for (const c of await platform.docker.listContainers({ all: true, filters })) {
    const image = await platform.docker.getImage(c.ImageID).inspect().catch(() => null);
    const owner = { instance: platform.instance, projectId: c.Labels[AETHER_LABELS.project]! };
    if (image !== null && refusedImageLabel(image.Config.Labels, owner) !== null) await platform.docker.getContainer(c.Id).remove({ force: true, v: true });
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
    containers: await platform.docker.listContainers({ all: true, filters }),
    images: await platform.docker.listImages({ filters }),
    routeFiles: await readdir(platform.routesDir),
  };
  const live: LiveProject[] = await platform.db.select({ id: projects.id, slug: projects.slug }).from(projects);
  const orphans = orphansOf(live, found);
  for (const id of orphans.containers) await platform.docker.getContainer(id).remove({ force: true, v: true });
  for (const id of orphans.images) await platform.docker.getImage(id).remove({ force: true }).catch(() => undefined);
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

async function removeContainersOf(docker: Docker, label: string): Promise<void> {
  for (const c of await docker.listContainers({ all: true, filters: JSON.stringify({ label: [label] }) })) {
    await docker.getContainer(c.Id).remove({ force: true, v: true });
  }
}
