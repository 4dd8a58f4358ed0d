import { eq, inArray, sql } from 'drizzle-orm';
import type { Database } from '../db/database.js';
import { projects, projectWebhooks, users, webhookDeliveries } from '../db/schema.js';

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

/**
 * Records a delivery, or returns false if its ID was recorded before. The primary key decides,
 * so of two copies arriving at once exactly one is acted on.
 */
export async function claimDelivery(db: Database, delivery: { id: string; event: string; projectId: string; outcome: string }): Promise<boolean> {
  const claimed = await db.insert(webhookDeliveries).values(delivery).onConflictDoNothing().returning({ id: webhookDeliveries.id });
  return claimed.length === 1;
}

export async function recordDeployment(db: Database, deliveryId: string, deploymentId: string): Promise<void> {
  await db.update(webhookDeliveries).set({ deploymentId }).where(eq(webhookDeliveries.id, deliveryId));
}

/** Forgets a delivery that could not be acted on, so that GitHub's redelivery of it is. */
export async function releaseDelivery(db: Database, deliveryId: string): Promise<void> {
  await db.delete(webhookDeliveries).where(eq(webhookDeliveries.id, deliveryId));
}
