import { setTimeout as sleep } from 'node:timers/promises';
import { and, desc, eq, inArray } from 'drizzle-orm';
import { deployments } from '../db/schema.js';
import { AETHER_LABELS } from '../../../contract/aether-labels.js';
import type { RetirePlatform } from './platform.js';
import { containersToRetire, imagesToRemove, keptDeployments, RETIREMENT_STATUSES } from './retirement-plan.js';

/**
 * Stops the containers of a project's deployments beyond the newest `keepRunning` that went
 * live, and removes images beyond the newest `keepImages` (retirement-plan.ts decides which).
 * Only what carries the project's label is touched.
 *
 * It runs outside the project's rollout lock, beside the next rollout: containers are listed
 * before deployments are read, and a deployment's row exists before its container, so every
 * container listed is judged by a row at least as new as it.
 */
export async function retireDeployments(platform: RetirePlatform, projectId: string): Promise<void> {
  const filters = JSON.stringify({ label: [`${AETHER_LABELS.project}=${projectId}`] });
  const containers = await platform.docker.listContainers({ all: true, filters });
  const rows = await platform.db
    .select({ id: deployments.id, status: deployments.status, imageId: deployments.imageId })
    .from(deployments)
    .where(and(eq(deployments.projectId, projectId), inArray(deployments.status, [...RETIREMENT_STATUSES])))
    .orderBy(desc(deployments.readyAt));
  const keeps = keptDeployments(rows, { running: platform.keepRunning, images: platform.keepImages });

  const { stop, drain } = containersToRetire(containers, keeps);
  if (drain) await sleep(platform.drainMs);
  for (const id of stop) {
    // SIGTERM first, so an app that shuts down cleanly may; the engine kills it after 10 s.
    await platform.docker.getContainer(id).stop({ t: 10 }).catch(() => undefined);
    // Another retirement of the project may have removed it first.
    await platform.docker.getContainer(id).remove({ force: true, v: true }).catch(() => undefined);
  }
  for (const id of imagesToRemove(await platform.docker.listImages({ filters }), keeps)) {
    await platform.docker.getImage(id).remove().catch(() => undefined);
  }
}
