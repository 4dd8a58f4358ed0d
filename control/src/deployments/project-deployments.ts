import { and, desc, eq } from 'drizzle-orm';
import type { Database } from '../db/database.js';
import { deployments } from '../db/schema.js';
import type { Deployment } from './queue-build.js';

// A project's deployments as its owner looks them up.

/** How many of a project's deployments its list shows. */
const RECENT = 100;

/** The project's latest deployments, newest first. */
export function recentDeployments(db: Database, projectId: string): Promise<Deployment[]> {
  return db.select().from(deployments).where(eq(deployments.projectId, projectId)).orderBy(desc(deployments.createdAt)).limit(RECENT);
}

/** The project's deployment of this ID, or undefined. */
export function projectDeployment(db: Database, projectId: string, deploymentId: string): Promise<Deployment | undefined> {
  return db.query.deployments.findFirst({ where: and(eq(deployments.id, deploymentId), eq(deployments.projectId, projectId)) });
}
