import { randomBytes } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { z } from 'zod';
import { seal } from '../../../contract/sealed.js';
import { Refusal } from '../../../shared/refusal.js';
import type { Database } from '../db/database.js';
import { projects, projectWebhooks } from '../db/schema.js';
import { type BuildQueue, type Deployment, queueBuild } from '../deployments/queue-build.js';
import { checkedProject, checkSlug, type ProjectInput, type ProjectRules } from '../projects/check-project.js';
import { type Project, savedProject } from '../projects/project-store.js';
import { deniedHookAccess, GitHubError, type GitHubApi } from './github-api.js';
import { findRepository } from './repositories.js';
import { slugFromRepositoryName } from './repository-slug.js';

// Importing a repository checks the project as any other, writes it and its webhook's secret in
// one transaction, asks GitHub for the push hook, then queues the first build. The secret is
// stored before the hook exists because GitHub pings a new hook at once, and that delivery must
// verify.

export type HookOutcome = { registered: true; id: number } | { registered: false; reason: string };

/** The user importing, as GitHub knows them. */
export interface Importer {
  id: string;
  /** Their GitHub token: it reads the repository and clones it when private. */
  token: string;
  api: GitHubApi;
}

/** A project's fields, with the repository as GitHub names it (`owner/name`) and the slug made from its name when absent. */
export type ImportRequest = Omit<ProjectInput, 'repository'> & { repository: string };

export interface Imported {
  project: Project;
  /** Null when the first build could not be queued. */
  deployment: Deployment | null;
  webhook: HookOutcome;
}

/** Imports a repository the importer can see as a project, adds its push hook where allowed and queues its first deployment. */
export async function importRepository(builds: BuildQueue, rules: ProjectRules, importer: Importer, request: ImportRequest, hookUrl: string): Promise<Imported> {
  const repository = await findRepository(importer.api, request.repository);
  if (repository === null) throw new Refusal(404, `GitHub has no repository ${request.repository} that your account can see`, 'repository');
  const values = checkedProject(
    { ...request, slug: request.slug ?? slugFromRepositoryName(repository.name), repository: repository.cloneUrl, branch: request.branch ?? repository.defaultBranch },
    rules,
  );
  await checkSlug(builds.db, rules, values.slug!);
  const secret = randomBytes(32).toString('hex');
  const project = await savedProject(() =>
    insertImportedProject(builds.db, { ...values, slug: values.slug!, repository: values.repository!, ownerId: importer.id }, seal(builds.secretKey, secret)),
  );
  const webhook = await registerPushHook(builds.db, importer.api, project, repository.fullName, { url: hookUrl, secret });
  // The project stands whether or not its first build could be queued: queueBuild records a
  // deployment it could not queue as failed, with the reason, and the user deploys again.
  const deployment = await queueBuild(builds, project, 'manual', { token: importer.token }).catch(() => null);
  return { project, deployment, webhook };
}

async function insertImportedProject(db: Database, values: typeof projects.$inferInsert, secretSealed: string): Promise<Project> {
  return db.transaction(async (tx) => {
    const [project] = await tx.insert(projects).values(values).returning();
    await tx.insert(projectWebhooks).values({ projectId: project!.id, secretSealed });
    return project!;
  });
}

/**
 * Registers the push hook and records its ID. A refusal is an outcome, not a failure: the project
 * stands and deploys by hand, and the user learns why pushes will not deploy it.
 */
async function registerPushHook(db: Database, api: GitHubApi, project: Project, fullName: string, hook: { url: string; secret: string }): Promise<HookOutcome> {
  const [owner, name] = fullName.split('/') as [string, string];
  let id: number;
  try {
    ({ id } = await api.post(z.object({ id: z.number().int() }), `/repos/${encodeURIComponent(owner)}/${encodeURIComponent(name)}/hooks`, {
      name: 'web',
      active: true,
      events: ['push'],
      config: { url: hook.url, content_type: 'json', secret: hook.secret, insecure_ssl: '0' },
    }));
  } catch (error) {
    if (error instanceof GitHubError) return { registered: false, reason: refusalReason(error) };
    throw error;
  }
  await db.update(projectWebhooks).set({ githubHookId: id }).where(eq(projectWebhooks.projectId, project.id));
  return { registered: true, id };
}

function refusalReason(error: GitHubError): string {
  const needs = deniedHookAccess(error) ? ': adding one needs admin rights on the repository' : '';
  return `the webhook was not added (${error.message})${needs}; until it has one, pushes do not deploy, so deploy from Aether instead`;
}
