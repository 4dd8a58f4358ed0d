import { and, desc, eq, getTableColumns, inArray, isNotNull, type SQL, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { Database } from '../db/database.js';
import { deployments, projects } from '../db/schema.js';
import type { Project } from './project-store.js';

// A project as the projects page shows it: its row, the deployment serving it, the latest one
// (which may still be building, or have failed), and what its last successful build detected.
// One query for a whole page of projects: the page is the dashboard's most frequent request.

type Deployment = typeof deployments.$inferSelect;

export type ProjectOverview = Project & {
  /** The deployment the production host routes to, with the aether.json settings that won over the project's when it was built. */
  production: Pick<Deployment, 'id' | 'status' | 'commitSha' | 'commitMessage' | 'readyAt' | 'repositorySettings'> | null;
  latestDeployment: Pick<Deployment, 'id' | 'status' | 'createdAt'> | null;
  /** "Next.js", "FastAPI", "Dockerfile"...: what the newest built deployment detected; null before any build succeeded. */
  framework: string | null;
};

const serving = alias(deployments, 'serving');

/** The overviews of the projects `where` picks, newest first: the laterals run for those rows only. */
function overviews(db: Database, where: SQL) {
  const latest = db
    .select({ id: deployments.id, status: deployments.status, createdAt: deployments.createdAt })
    .from(deployments)
    .where(eq(deployments.projectId, projects.id))
    .orderBy(desc(deployments.createdAt))
    .limit(1)
    .as('latest');
  const built = db
    .select({ framework: deployments.framework })
    .from(deployments)
    .where(and(eq(deployments.projectId, projects.id), isNotNull(deployments.imageId), isNotNull(deployments.framework)))
    .orderBy(desc(deployments.createdAt))
    .limit(1)
    .as('built');
  return db
    .select({
      project: getTableColumns(projects),
      production: {
        id: serving.id,
        status: serving.status,
        commitSha: serving.commitSha,
        commitMessage: serving.commitMessage,
        readyAt: serving.readyAt,
        repositorySettings: serving.repositorySettings,
      },
      latestDeployment: { id: latest.id, status: latest.status, createdAt: latest.createdAt },
      framework: built.framework,
    })
    .from(projects)
    .leftJoin(serving, eq(serving.id, projects.productionDeploymentId))
    .leftJoinLateral(latest, sql`true`)
    .leftJoinLateral(built, sql`true`)
    .where(where)
    .orderBy(desc(projects.createdAt), desc(projects.id));
}

function overviewOf(row: Awaited<ReturnType<typeof overviews>>[number]): ProjectOverview {
  return { ...row.project, production: row.production, latestDeployment: row.latestDeployment, framework: row.framework ?? null };
}

/**
 * A page of the owner's projects, newest first; `more` says whether a next page exists. Prepared
 * once per connection: the projects page is the dashboard's most frequent request, and planning
 * this query costs more than running it.
 */
export async function listProjectOverviews(db: Database, ownerId: string, page: number, perPage: number): Promise<{ projects: ProjectOverview[]; more: boolean }> {
  const rows = await pageQuery(db).execute({ ownerId, limit: perPage + 1, offset: (page - 1) * perPage });
  // One row more than the page tells whether a next page exists, without counting them all.
  return { projects: rows.slice(0, perPage).map(overviewOf), more: rows.length > perPage };
}

const prepared = new WeakMap<Database, ReturnType<typeof preparePage>>();

function pageQuery(db: Database) {
  let query = prepared.get(db);
  if (query === undefined) prepared.set(db, (query = preparePage(db)));
  return query;
}

function preparePage(db: Database) {
  // The page is chosen first, so that only its projects' deployments are looked at.
  const chosen = db
    .select({ id: projects.id })
    .from(projects)
    .where(eq(projects.ownerId, sql.placeholder('ownerId')))
    .orderBy(desc(projects.createdAt), desc(projects.id))
    .limit(sql.placeholder('limit'))
    .offset(sql.placeholder('offset'));
  return overviews(db, inArray(projects.id, chosen)).prepare('project_overviews_page');
}

export async function projectOverview(db: Database, project: Project): Promise<ProjectOverview> {
  const [row] = await overviews(db, eq(projects.id, project.id));
  return overviewOf(row!);
}
