import { setTimeout as sleep } from 'node:timers/promises';
import { and, desc, eq, inArray } from 'drizzle-orm';
import { deployments } from '../db/schema.js';
import { AETHER_LABELS } from './container-spec.js';
import type { Platform } from './rollout.js';

/**
 * Stops the containers of a project's deployments beyond the newest `keepRunning` that went
 * live, and removes images beyond the newest `keepImages`. A deployment still on its way (being
 * built or rolled out) keeps both. Only what carries the project's label is touched.
 */
export async function retireDeployments(platform: Platform, projectId: string): Promise<void> {
  const rows = await platform.db
    .select({ id: deployments.id, status: deployments.status, imageId: deployments.imageId })
    .from(deployments)
    .where(and(eq(deployments.projectId, projectId), inArray(deployments.status, ['queued', 'building', 'deploying', 'ready'])))
    .orderBy(desc(deployments.readyAt));
  const live = rows.filter((d) => d.status === 'ready');
  const coming = rows.filter((d) => d.status !== 'ready').map((d) => d.id);
  const running = new Set([...coming, ...live.slice(0, platform.keepRunning).map((d) => d.id)]);
  const keptImages = new Set(live.slice(0, platform.keepImages).map((d) => d.imageId));

  const filters = JSON.stringify({ label: [`${AETHER_LABELS.project}=${projectId}`] });
  const retired = (await platform.docker.listContainers({ all: true, filters })).filter((c) => !running.has(c.Labels[AETHER_LABELS.deployment] ?? ''));
  // One of them may have served production until a moment ago: let its requests finish.
  if (retired.some((c) => c.State === 'running')) await sleep(platform.drainMs);
  for (const { Id } of retired) {
    // SIGTERM first, so an app that shuts down cleanly may; the engine kills it after 10 s.
    await platform.docker.getContainer(Id).stop({ t: 10 }).catch(() => undefined);
    await platform.docker.getContainer(Id).remove({ force: true });
  }

  for (const image of await platform.docker.listImages({ filters })) {
    const building = coming.includes(image.Labels?.[AETHER_LABELS.deployment] ?? '');
    // An image still used by a container (a rollback's) is refused by the engine, and stays.
    if (!building && !keptImages.has(image.Id)) await platform.docker.getImage(image.Id).remove().catch(() => undefined);
  }
}
