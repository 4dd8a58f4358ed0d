import { eq } from 'drizzle-orm';
import { open, seal } from '../../../contract/sealed.js';
import type { Database, Transaction } from '../db/database.js';
import { deploymentVariables } from '../db/schema.js';
import { containerEnvironment } from '../projects/env-vars.js';
import type { ContainerPlatform } from './platform.js';

// A deployment runs with the production variables it first started with, as Railway's do: a
// variable changed later reaches the next deployment, never one already made, so a rollback (which
// is given its target's) brings back the variables that deployment ran with, along with its image.

/** The deployment's environment: the variables it keeps, or the project's production variables now, kept from here on. */
export async function deploymentEnvironment(platform: Pick<ContainerPlatform, 'db' | 'secretKey'>, deployment: { id: string; projectId: string }): Promise<Record<string, string>> {
  const kept = await keptVariables(platform.db, deployment.id);
  if (kept !== undefined) return JSON.parse(open(platform.secretKey, kept)) as Record<string, string>;
  const environment = await containerEnvironment(platform.db, platform.secretKey, deployment.projectId, 'production');
  const [stored] = await platform.db
    .insert(deploymentVariables)
    .values({ deploymentId: deployment.id, sealed: seal(platform.secretKey, JSON.stringify(environment)) })
    .onConflictDoNothing()
    .returning();
  // Another start of the same deployment kept its own first: that one is what it runs with.
  return stored !== undefined ? environment : deploymentEnvironment(platform, deployment);
}

/** Gives a rollback the variables its target ran with; nothing when the target kept none (made before they were kept). */
export async function copyDeploymentVariables(tx: Transaction, fromId: string, toId: string): Promise<void> {
  const kept = await keptVariables(tx, fromId);
  if (kept !== undefined) await tx.insert(deploymentVariables).values({ deploymentId: toId, sealed: kept });
}

async function keptVariables(db: Database | Transaction, deploymentId: string): Promise<string | undefined> {
  const [row] = await db.select({ sealed: deploymentVariables.sealed }).from(deploymentVariables).where(eq(deploymentVariables.deploymentId, deploymentId));
  return row?.sealed;
}
