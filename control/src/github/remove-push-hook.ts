import { and, eq, isNotNull } from 'drizzle-orm';
import { open } from '../../../contract/sealed.js';
import type { GitHubConfig } from '../config.js';
import type { Database } from '../db/database.js';
import { projects, projectWebhooks, users } from '../db/schema.js';
import { deniedHookAccess, GitHubError, gitHubApi } from './github-api.js';
import { repositoryFromUrl } from './repository-url.js';

// Deleting an imported project removes its push hook from GitHub, as far as GitHub lets it: the
// project goes either way, and a hook left behind is the user's to remove, told why.

export type HookRemoval = { removed: true } | { removed: false; reason: string };

export interface PushHook {
  id: number;
  repository: string;
  /** The project owner's GitHub token, sealed. */
  ownerTokenSealed: string | null;
}

/** The project's registered hook, if any. Read it before deleting the project: its row goes with the project's. */
export async function pushHookOf(db: Database, projectId: string): Promise<PushHook | null> {
  const [hook] = await db
    .select({ id: projectWebhooks.githubHookId, repository: projects.repository, ownerTokenSealed: users.githubTokenSealed })
    .from(projectWebhooks)
    .innerJoin(projects, eq(projects.id, projectWebhooks.projectId))
    .innerJoin(users, eq(users.id, projects.ownerId))
    .where(and(eq(projectWebhooks.projectId, projectId), isNotNull(projectWebhooks.githubHookId)));
  return hook === undefined ? null : { ...hook, id: hook.id! };
}

export async function removePushHook(github: GitHubConfig | undefined, secretKey: Buffer, hook: PushHook): Promise<HookRemoval> {
  const repository = repositoryFromUrl(hook.repository);
  const token = hook.ownerTokenSealed === null ? null : openedToken(secretKey, hook.ownerTokenSealed);
  if (github === undefined) return notRemoved(hook, 'GitHub is not set up on this install');
  if (token === null) return notRemoved(hook, "the project's owner has no GitHub token Aether can use");
  if (repository === null) return notRemoved(hook, 'the repository URL names no GitHub repository');
  try {
    await gitHubApi(github.apiUrl, token).delete(`/repos/${encodeURIComponent(repository.owner)}/${encodeURIComponent(repository.name)}/hooks/${hook.id}`);
    return { removed: true };
  } catch (error) {
    if (error instanceof GitHubError) return notRemoved(hook, refusal(error));
    throw error;
  }
}

/** Null when it was sealed with another key: the hook is then left behind and reported, never a failed delete. */
function openedToken(secretKey: Buffer, sealed: string): string | null {
  try {
    return open(secretKey, sealed);
  } catch {
    return null;
  }
}

function refusal(error: GitHubError): string {
  const needs = deniedHookAccess(error) ? ': removing it needs admin rights on the repository' : '';
  return `${error.message}${needs}`;
}

function notRemoved(hook: PushHook, why: string): HookRemoval {
  return { removed: false, reason: `the push webhook was not removed from GitHub (${why}); remove webhook ${hook.id} in the settings of ${hook.repository} on GitHub yourself` };
}
