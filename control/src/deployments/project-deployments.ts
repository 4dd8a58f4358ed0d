import { and, desc, eq } from 'drizzle-orm';
import type { Database } from '../db/database.js';
import { deployments } from '../db/schema.js';
import type { Deployment } from './queue-build.js';
import type { DeploymentStatus } from './status.js';

// A project's deployments as its owner looks them up.

/** How many of a project's deployments its list shows. */
const RECENT = 100;

/** The project's latest deployments, newest first; only those in `status`, or built from `branch`, when given. */
export function recentDeployments(db: Database, projectId: string, only: { status?: DeploymentStatus | undefined; branch?: string | undefined } = {}): Promise<Deployment[]> {
  return db
    .select()
    .from(deployments)
    .where(
      and(
        eq(deployments.projectId, projectId),
        only.status === undefined ? undefined : eq(deployments.status, only.status),
        only.branch === undefined ? undefined : eq(deployments.branch, only.branch),
      ),
    )
    .orderBy(desc(deployments.createdAt))
    .limit(RECENT);
}

/** The project's deployment of this ID, or undefined. */
export function projectDeployment(db: Database, projectId: string, deploymentId: string): Promise<Deployment | undefined> {
  return db.query.deployments.findFirst({ where: and(eq(deployments.id, deploymentId), eq(deployments.projectId, projectId)) });
}
