import { randomBytes } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { z } from 'zod';
import type { Database } from '../db/database.js';
import { projects, projectWebhooks } from '../db/schema.js';
import { deniedHookAccess, GitHubError, type GitHubApi } from './github-api.js';

// Importing a repository writes the project and its webhook's secret in one transaction, then
// asks GitHub for the push hook. The secret is stored before the hook exists because GitHub
// pings a new hook at once, and that delivery must verify.

type Project = typeof projects.$inferSelect;

export type HookOutcome = { registered: true; id: number } | { registered: false; reason: string };

export function newWebhookSecret(): string {
  return randomBytes(32).toString('hex');
}

export async function insertImportedProject(db: Database, values: typeof projects.$inferInsert, secretSealed: string): Promise<Project> {
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
export async function registerPushHook(db: Database, api: GitHubApi, project: Project, fullName: string, hook: { url: string; secret: string }): Promise<HookOutcome> {
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
