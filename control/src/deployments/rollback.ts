import { and, eq } from 'drizzle-orm';
import { Refusal } from '../../../shared/refusal.js';
import { inProjectOrder } from '../db/database.js';
import { deployments } from '../db/schema.js';
import { copyDeploymentVariables } from './deployment-variables.js';
import type { Platform } from './platform.js';
import { rollout } from './rollout.js';

/** Why a rollback was refused, in words for the user: it conflicts with what the project holds now. */
export class RollbackRefused extends Refusal {
  constructor(message: string) {
    super(409, message);
  }
}

/**
 * Rollouts of one project that may be under way or waiting at once: the one rolling out and the
 * next. Each waits in memory, not on a connection, but a request that waits holds its client, and
 * a queue of rollbacks would only put images live to replace them at once.
 */
export const MAX_ROLLOUTS_IN_FLIGHT = 2;

/** Why one more rollback of a project must not start while `inFlight` (its deployments `deploying`) are; null if it may. */
export function rollbackRefusal(inFlight: readonly string[]): string | null {
  if (inFlight.length < MAX_ROLLOUTS_IN_FLIGHT) return null;
  return `this project already has ${inFlight.length} rollouts under way or waiting (deployments ${inFlight.join(', ')}); roll back once one of them has ended`;
}

/** The deployment to roll back to, if its row allows it: only what went live ran, and so can run again. */
export function rollbackTarget<T extends Pick<typeof deployments.$inferSelect, 'status' | 'imageId'>>(targetId: string, target: T | undefined): T & { imageId: string } {
  if (target === undefined) throw new RollbackRefused(`there is no deployment ${targetId}`);
  if (target.status !== 'ready' || target.imageId === null) throw new RollbackRefused('only a deployment that went live can be rolled back to');
  return { ...target, imageId: target.imageId };
}

type Deployment = typeof deployments.$inferSelect;

/** The new deployment a rollback makes: the target's image and what it was built from, under trigger `rollback`. */
export function rollbackDeployment(target: Deployment & { imageId: string }): typeof deployments.$inferInsert {
  return {
    projectId: target.projectId,
    trigger: 'rollback',
    // No build: it is ready to roll out as it is made.
    status: 'deploying',
    imageTag: target.imageTag,
    imageId: target.imageId,
    port: target.port,
    dockerfile: target.dockerfile,
    branch: target.branch,
    framework: target.framework,
    // Its aether.json's health check is the one its image answers.
    repositorySettings: target.repositorySettings,
    commitSha: target.commitSha,
    commitMessage: target.commitMessage,
  };
}

/**
 * Puts an earlier deployment's image live again as a new deployment (trigger `rollback`), with the
 * production variables that deployment ran with, by the same rollout as any other: no build, so it takes as long as the app takes to start.
 */
export async function rollBack(platform: Platform, targetId: string): Promise<typeof deployments.$inferSelect> {
  const target = rollbackTarget(targetId, await platform.db.query.deployments.findFirst({ where: eq(deployments.id, targetId) }));
  const image = await platform.docker.getImage(target.imageId).inspect().catch(() => null);
  if (image === null) throw new RollbackRefused(`the image of deployment ${targetId} is no longer kept`);

  // Rollbacks count one after another: two counted at once would each miss the other.
  const deployment = await inProjectOrder(platform.db, target.projectId, async (tx) => {
    const inFlight = await tx
      .select({ id: deployments.id })
      .from(deployments)
      .where(and(eq(deployments.projectId, target.projectId), eq(deployments.status, 'deploying')));
    const refusal = rollbackRefusal(inFlight.map((d) => d.id));
    if (refusal !== null) throw new RollbackRefused(refusal);
    const [row] = await tx.insert(deployments).values(rollbackDeployment(target)).returning();
    await copyDeploymentVariables(tx, target.id, row!.id);
    return row!;
  });
  await rollout(platform, deployment.id);
  return (await platform.db.query.deployments.findFirst({ where: eq(deployments.id, deployment.id) }))!;
}
