import { setTimeout as sleep } from 'node:timers/promises';
import { and, desc, eq, inArray } from 'drizzle-orm';
import { deployments } from '../db/schema.js';
import { AETHER_LABELS } from './container-spec.js';
import type { RetirePlatform } from './platform.js';

/**
 * Stops the containers of a project's deployments beyond the newest `keepRunning` that went
 * live, and removes images beyond the newest `keepImages`. A deployment still on its way (being
 * built or rolled out) keeps both. Only what carries the project's label is touched.
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
    .where(and(eq(deployments.projectId, projectId), inArray(deployments.status, ['queued', 'building', 'deploying', 'ready'])))
    .orderBy(desc(deployments.readyAt));
  const live = rows.filter((d) => d.status === 'ready');
  const comingRows = rows.filter((d) => d.status !== 'ready');
  const coming = comingRows.map((d) => d.id);
  const running = new Set([...coming, ...live.slice(0, platform.keepRunning).map((d) => d.id)]);
  // A rollback on its way runs an older deployment's image.
  const keptImages = new Set([...live.slice(0, platform.keepImages), ...comingRows].map((d) => d.imageId));

  const retired = containers.filter((c) => !running.has(c.Labels[AETHER_LABELS.deployment] ?? ''));
  // One of them may have served production until a moment ago: let its requests finish.
  if (retired.some((c) => c.State === 'running')) await sleep(platform.drainMs);
  for (const { Id } of retired) {
    // SIGTERM first, so an app that shuts down cleanly may; the engine kills it after 10 s.
    await platform.docker.getContainer(Id).stop({ t: 10 }).catch(() => undefined);
    // Another retirement of the project may have removed it first.
    await platform.docker.getContainer(Id).remove({ force: true, v: true }).catch(() => undefined);
  }

  for (const image of await platform.docker.listImages({ filters })) {
    const building = coming.includes(image.Labels?.[AETHER_LABELS.deployment] ?? '');
    // An image still used by a container (a rollback's) is refused by the engine, and stays.
    if (!building && !keptImages.has(image.Id)) await platform.docker.getImage(image.Id).remove().catch(() => undefined);
  }
}
