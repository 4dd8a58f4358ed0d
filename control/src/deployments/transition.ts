import { and, eq, inArray } from 'drizzle-orm';
import type { Database, Transaction } from '../db/database.js';
import { deployments, projects } from '../db/schema.js';
import { type DeploymentStatus, movableFrom, type RolloutStep } from './status.js';

type DeploymentFields = Partial<Omit<typeof deployments.$inferInsert, 'id' | 'projectId' | 'status'>>;

/**
 * Moves a deployment to `to` with `fields`, only from a state that may lead there; false when it
 * was somewhere else (already final, or moved on by someone else), and then nothing is written.
 * `from` narrows the states it may move from, for a writer that judged the deployment in one of them.
 */
export async function transition(
  db: Database | Transaction,
  id: string,
  to: DeploymentStatus,
  fields: DeploymentFields = {},
  from?: readonly DeploymentStatus[],
): Promise<boolean> {
  const moved = await db
    .update(deployments)
    .set({ ...fields, status: to })
    .where(and(eq(deployments.id, id), inArray(deployments.status, movableFrom(to, from))))
    .returning({ id: deployments.id });
  return moved.length > 0;
}

/**
 * The deployment turns `ready` and becomes its project's production in one transaction: control
 * stopped between the two would leave a deployment reported live that the reconciler, reading the
 * project's production, routes away from. False when it was no longer `deploying` (canceled).
 */
export async function goLive(db: Database, deploymentId: string, projectId: string): Promise<boolean> {
  return db.transaction(async (tx) => {
    const live = await transition(tx, deploymentId, 'ready', { readyAt: new Date() });
    if (live) await tx.update(projects).set({ productionDeploymentId: deploymentId }).where(eq(projects.id, projectId));
    return live;
  });
}

/** Records the step a rollout reached, while its deployment is still `deploying`. */
export async function enterRolloutStep(db: Database, id: string, step: RolloutStep): Promise<void> {
  await db.update(deployments).set({ rolloutStep: step }).where(and(eq(deployments.id, id), eq(deployments.status, 'deploying')));
}
