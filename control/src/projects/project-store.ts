import { and, desc, eq } from 'drizzle-orm';
import { Refusal } from '../../../shared/refusal.js';
import type { Database } from '../db/database.js';
import { projects } from '../db/schema.js';
import { checkedProject, checkSlug, type ProjectInput, type ProjectRules } from './check-project.js';

// A user's projects: one of them, a page of them, a new one, a change to one.

export type Project = typeof projects.$inferSelect;

/** The project of this ID if `ownerId` owns it, or undefined. */
export function findOwnedProject(db: Database, ownerId: string, projectId: string): Promise<Project | undefined> {
  return db.query.projects.findFirst({ where: and(eq(projects.id, projectId), eq(projects.ownerId, ownerId)) });
}

/** A new project of `ownerId`'s, its fields checked and its slug free. */
export async function createProject(db: Database, rules: ProjectRules, ownerId: string, input: ProjectInput & { slug: string; repository: string }): Promise<Project> {
  const values = checkedProject(input, rules);
  await checkSlug(db, rules, input.slug);
  const [project] = await savedProject(() => db.insert(projects).values({ ...values, slug: input.slug, repository: values.repository!, ownerId }).returning());
  return project!;
}

export async function updateProject(db: Database, rules: ProjectRules, project: Project, input: ProjectInput): Promise<Project> {
  const values = checkedProject(input, rules);
  // A project keeps its slug for life: renamed, its old host would be free for anyone to take,
  // with every link and custom domain's CNAME that still names it.
  if (values.slug !== undefined && values.slug !== project.slug) throw new Refusal(400, 'slug: cannot be changed once the project exists', 'slug');
  const [updated] = await db.update(projects).set(values).where(eq(projects.id, project.id)).returning();
  return updated!;
}

/** Runs a write of a project, refusing a taken slug as the client's to fix. */
export async function savedProject<T>(write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (error) {
    if ((error as { cause?: { code?: string } }).cause?.code === '23505') throw new Refusal(409, 'a project with this slug exists', 'slug');
    throw error;
  }
}
