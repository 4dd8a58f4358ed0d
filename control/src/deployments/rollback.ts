import { eq } from 'drizzle-orm';
import { deployments } from '../db/schema.js';
import { rollout, type Platform } from './rollout.js';
import { transition } from './transition.js';

/** Why a rollback was refused, in words for the user; the API answers it with a 4xx. */
export class RollbackRefused extends Error {}

/**
 * Puts an earlier deployment's image live again as a new deployment (trigger `rollback`), with
 * the same rollout as any other: no build, so it takes as long as the app takes to start.
 */
export async function rollBack(platform: Platform, targetId: string): Promise<typeof deployments.$inferSelect> {
  const target = await platform.db.query.deployments.findFirst({ where: eq(deployments.id, targetId) });
  if (target === undefined) throw new RollbackRefused(`there is no deployment ${targetId}`);
  if (target.status !== 'ready' || target.imageId === null) throw new RollbackRefused('only a deployment that went live can be rolled back to');
  const image = await platform.docker.getImage(target.imageId).inspect().catch(() => null);
  if (image === null) throw new RollbackRefused(`the image of deployment ${targetId} is no longer kept`);

  const [deployment] = await platform.db
    .insert(deployments)
    .values({
      projectId: target.projectId,
      trigger: 'rollback',
      imageTag: target.imageTag,
      imageId: target.imageId,
      port: target.port,
      dockerfile: target.dockerfile,
      commitSha: target.commitSha,
      commitMessage: target.commitMessage,
    })
    .returning();
  await transition(platform.db, deployment!.id, 'deploying');
  await rollout(platform, deployment!.id);
  return (await platform.db.query.deployments.findFirst({ where: eq(deployments.id, deployment!.id) }))!;
}
