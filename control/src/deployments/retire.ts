import { setTimeout as sleep } from 'node:timers/promises';
import { and, desc, eq, inArray } from 'drizzle-orm';
import { deployments } from '../db/schema.js';
import { everyContainer, installFilter, type Owner, REMOVE_CONTAINER, STOP_CONTAINER } from './engine-options.js';
import type { RetirePlatform } from './platform.js';
import { containersToRetire, imagesToRemove, type Kept, keptDeployments, RETIREMENT_STATUSES } from './retirement-plan.js';

/**
 * Stops the containers of a project's deployments beyond the newest `keepRunning` that went
 * live, and removes images beyond the newest `keepImages` (retirement-plan.ts decides which).
 * Only what carries the project's label and this install's is touched.
 *
 * It runs outside the project's rollout lock, beside the next rollout. So each phase lists what
 * it may remove before it reads the deployments: a deployment's row exists before its container
 * and its image, and a rollback's row before it uses an older image, so everything listed is
 * judged by rows at least as new as it. Images are judged after the drain, by rows read then.
 */
export async function retireDeployments(platform: RetirePlatform, projectId: string): Promise<void> {
  const owner: Owner = { instance: platform.instance, projectId };
  const filters = installFilter(platform.instance, projectId);
  const containers = await platform.docker.listContainers(everyContainer(filters));
  const { stop, drain } = containersToRetire(containers, await keptNow(platform, projectId), owner);
  if (drain) await sleep(platform.drainMs);
  for (const id of stop) {
    await platform.docker.getContainer(id).stop(STOP_CONTAINER).catch(() => undefined);
    // Another retirement of the project may have removed it first.
    await platform.docker.getContainer(id).remove(REMOVE_CONTAINER).catch(() => undefined);
  }
  const images = await platform.docker.listImages({ filters });
  for (const id of imagesToRemove(images, await keptNow(platform, projectId), owner)) {
    await platform.docker.getImage(id).remove().catch(() => undefined);
  }
}

/** What the project keeps by the rows as they are now: retirement removes the rest. */
export async function keptNow(platform: Pick<RetirePlatform, 'db' | 'keepRunning' | 'keepImages'>, projectId: string): Promise<Kept> {
  const rows = await platform.db
    .select({ id: deployments.id, status: deployments.status, imageId: deployments.imageId })
    .from(deployments)
    .where(and(eq(deployments.projectId, projectId), inArray(deployments.status, [...RETIREMENT_STATUSES])))
    .orderBy(desc(deployments.readyAt));
  return keptDeployments(rows, { running: platform.keepRunning, images: platform.keepImages });
}
