import { and, eq, inArray } from 'drizzle-orm';
import type { Database } from '../db/database.js';
import { deployments } from '../db/schema.js';
import { type DeploymentStatus, movableFrom } from './status.js';

type DeploymentFields = Partial<Omit<typeof deployments.$inferInsert, 'id' | 'projectId' | 'status'>>;

/**
 * Moves a deployment to `to` with `fields`, only from a state that may lead there; false when it
 * was somewhere else (already final, or moved on by someone else), and then nothing is written.
 * `from` narrows the states it may move from, for a writer that judged the deployment in one of them.
 */
export async function transition(
  db: Database,
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
