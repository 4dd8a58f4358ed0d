import type Docker from 'dockerode';
import { eq } from 'drizzle-orm';
import { projects } from '../db/schema.js';
import { removeProductionRoutes } from '../routing/route-files.js';
import { isBeingRemoved, isNotFound, notFoundAs } from './engine-errors.js';
import { everyContainer, installFilter, REMOVE_CONTAINER, REMOVE_PROJECT_IMAGE } from './engine-options.js';
import { leftoversOf } from './orphan-plan.js';
import type { NetworkPlatform, Platform } from './platform.js';
import { within } from './poll.js';
import { removeProjectNetwork } from './project-network.js';

/** The project's rows, its route files, and what it has on the engine, under its lock. */
type DeletePlatform = NetworkPlatform & Pick<Platform, 'db' | 'locks' | 'routesDir'>;

/**
 * Deletes a project and everything it owns: its rows first (deployments and logs go with them),
 * so that if control stops half way the reconciler finds the rest orphaned and removes it.
 */
export async function deleteProject(platform: DeletePlatform, projectId: string): Promise<boolean> {
  // After a rollout in progress, which would otherwise write the route file back.
  return platform.locks.run(projectId, () => deleteUnlocked(platform, projectId));
}

async function deleteUnlocked(platform: DeletePlatform, projectId: string): Promise<boolean> {
  const [project] = await platform.db.delete(projects).where(eq(projects.id, projectId)).returning({ slug: projects.slug });
  if (project === undefined) return false;
  await removeProductionRoutes(platform.routesDir, project.slug);
  const filters = installFilter(platform.instance, projectId);
  const leftovers = leftoversOf(
    { instance: platform.instance, projectId },
    { containers: await platform.docker.listContainers(everyContainer(filters)), images: await platform.docker.listImages({ filters }) },
  );
  for (const id of leftovers.containers) await removeContainer(platform.docker.getContainer(id));
  await removeProjectNetwork(platform, projectId);
  for (const id of leftovers.images) await platform.docker.getImage(id).remove(REMOVE_PROJECT_IMAGE).catch(() => undefined);
  return true;
}

/** How long another caller's removal of a container may take before the network's removal is tried anyway. */
const REMOVAL_MS = 10_000;

/**
 * Removes the container, or sees it gone: the reconciler's sweep of orphans, which needs no
 * project lock, may remove it first (the project's rows are gone, so its containers read as
 * orphans from here on), and the network that goes next takes no container still on it.
 */
async function removeContainer(container: Docker.Container): Promise<void> {
  try {
    await container.remove(REMOVE_CONTAINER);
  } catch (error) {
    if (isNotFound(error)) return;
    if (!isBeingRemoved(error)) throw error;
    await within(REMOVAL_MS, () => container.inspect().then(() => false, notFoundAs(true)));
  }
}
