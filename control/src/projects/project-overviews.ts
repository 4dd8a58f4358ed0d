import { and, desc, inArray, isNotNull } from 'drizzle-orm';
import type { Database } from '../db/database.js';
import { deployments } from '../db/schema.js';
import type { Project } from './project-store.js';

// A project as the projects page shows it: its row, the deployment serving it, the latest one
// (which may still be building, or have failed), and what its last successful build detected.
// Three queries for a whole page of projects, whatever its length.

type Deployment = typeof deployments.$inferSelect;

export type ProjectOverview = Project & {
  /** The deployment the production host routes to. */
  production: Pick<Deployment, 'id' | 'status' | 'commitSha' | 'commitMessage' | 'readyAt'> | null;
  latestDeployment: Pick<Deployment, 'id' | 'status' | 'createdAt'> | null;
  /** "Next.js", "FastAPI", "Dockerfile"...: what the newest built deployment detected; null before any build succeeded. */
  framework: string | null;
};

export async function projectOverviews(db: Database, projects: Project[]): Promise<ProjectOverview[]> {
  const ids = projects.map((project) => project.id);
  if (ids.length === 0) return [];
  const servingIds = projects.flatMap((project) => (project.productionDeploymentId === null ? [] : [project.productionDeploymentId]));
  const [serving, latest, built] = await Promise.all([
    servingIds.length === 0
      ? []
      : db
          .select({ id: deployments.id, status: deployments.status, commitSha: deployments.commitSha, commitMessage: deployments.commitMessage, readyAt: deployments.readyAt })
          .from(deployments)
          .where(inArray(deployments.id, servingIds)),
    db
      .selectDistinctOn([deployments.projectId], { projectId: deployments.projectId, id: deployments.id, status: deployments.status, createdAt: deployments.createdAt })
      .from(deployments)
      .where(inArray(deployments.projectId, ids))
      .orderBy(deployments.projectId, desc(deployments.createdAt)),
    db
      .selectDistinctOn([deployments.projectId], { projectId: deployments.projectId, framework: deployments.framework })
      .from(deployments)
      .where(and(inArray(deployments.projectId, ids), isNotNull(deployments.framework)))
      .orderBy(deployments.projectId, desc(deployments.createdAt)),
  ]);
  const servingById = new Map(serving.map((row) => [row.id, row]));
  const latestByProject = new Map(latest.map(({ projectId, ...row }) => [projectId, row]));
  const frameworkByProject = new Map(built.map((row) => [row.projectId, row.framework]));
  return projects.map((project) => ({
    ...project,
    production: servingById.get(project.productionDeploymentId ?? '') ?? null,
    latestDeployment: latestByProject.get(project.id) ?? null,
    framework: frameworkByProject.get(project.id) ?? null,
  }));
}

export async function projectOverview(db: Database, project: Project): Promise<ProjectOverview> {
  return (await projectOverviews(db, [project]))[0]!;
}
