import { and, desc, eq, inArray, isNotNull, sql } from 'drizzle-orm';
import type { Database, Transaction } from '../db/database.js';
import { projects, projectWebhooks, users, webhookDeliveries } from '../db/schema.js';
import type { BranchHistory } from './push-event.js';

// Which projects a delivery may be for, and the record of each delivery acted on.

export interface WebhookProject {
  project: typeof projects.$inferSelect;
  secretSealed: string;
  /** The owner's GitHub token, sealed: it clones their private repository. */
  ownerTokenSealed: string | null;
}

/** Projects with a webhook secret whose repository is one of `urls` (lower-cased). */
export async function webhookProjects(db: Database, urls: string[]): Promise<WebhookProject[]> {
  return db
    .select({ project: projects, secretSealed: projectWebhooks.secretSealed, ownerTokenSealed: users.githubTokenSealed })
    .from(projects)
    .innerJoin(projectWebhooks, eq(projectWebhooks.projectId, projects.id))
    .innerJoin(users, eq(users.id, projects.ownerId))
    .where(inArray(sql`lower(${projects.repository})`, urls));
}

/** What the pushes to `ref` recorded so far say of the branch, for a push that leaves it at `after`. */
export async function branchHistory(tx: Transaction, projectId: string, ref: string, after: string): Promise<BranchHistory> {
  const ofBranch = and(eq(webhookDeliveries.projectId, projectId), eq(webhookDeliveries.ref, ref), isNotNull(webhookDeliveries.head));
  const [latest] = await tx.select({ head: webhookDeliveries.head }).from(webhookDeliveries).where(ofBranch).orderBy(desc(webhookDeliveries.receivedAt)).limit(1);
  const earlier = await tx.$count(webhookDeliveries, and(ofBranch, eq(webhookDeliveries.head, after)));
  return { head: latest?.head ?? null, afterWasHead: earlier > 0 };
}

/**
 * Records a delivery, or returns false if its ID was recorded before. The primary key decides,
 * so of two copies arriving at once exactly one is acted on.
 */
export async function claimDelivery(
  tx: Transaction,
  delivery: { id: string; event: string; projectId: string; outcome: string; ref: string | null; head: string | null },
): Promise<boolean> {
  const claimed = await tx
    .insert(webhookDeliveries)
    // The clock now, not the transaction's start: the head recorded last is the latest, though its transaction waited for the lock.
    .values({ ...delivery, receivedAt: sql`clock_timestamp()` })
    .onConflictDoNothing()
    .returning({ id: webhookDeliveries.id });
  return claimed.length === 1;
}

export async function recordDeployment(db: Database, deliveryId: string, deploymentId: string): Promise<void> {
  await db.update(webhookDeliveries).set({ deploymentId }).where(eq(webhookDeliveries.id, deliveryId));
}

/** Forgets a delivery that could not be acted on, so that GitHub's redelivery of it is. */
export async function releaseDelivery(db: Database, deliveryId: string): Promise<void> {
  await db.delete(webhookDeliveries).where(eq(webhookDeliveries.id, deliveryId));
}
