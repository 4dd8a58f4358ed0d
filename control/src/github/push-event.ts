import { z } from 'zod';

// What Aether reads of GitHub's webhook payloads, and what a push means for a project. Pure:
// the route does the reading, the recording and the queueing.

const repository = z.object({
  full_name: z.string().min(1),
  clone_url: z.string().min(1),
  html_url: z.string().min(1),
});

/** Every repository event (push, ping, ...) names its repository this way. */
export const repositoryEventSchema = z.object({ repository });

const sha = z.string().regex(/^[0-9a-f]{40}$/, 'a 40-character commit SHA');

export const pushEventSchema = z.object({
  ref: z.string().min(1),
  /** The branch's head before the push; all zeros when the push created the branch. */
  before: sha,
  /** The branch's new head; all zeros when the push deleted the branch. */
  after: sha,
  deleted: z.boolean().default(false),
  repository,
});

export type PushEvent = z.infer<typeof pushEventSchema>;

/**
 * The ways a project's `repository` may name the repository of an event, lower-cased: GitHub's
 * names ignore case, and a project made by hand may hold the page URL rather than the clone URL.
 */
export function repositoryUrls(event: z.infer<typeof repositoryEventSchema>): string[] {
  const { clone_url: clone, html_url: page } = event.repository;
  return [...new Set([clone, page, `${page}.git`].map((url) => url.toLowerCase()))];
}

/** What earlier pushes to a branch, the ones Aether took, tell of it. */
export interface BranchHistory {
  /** Its head after the latest of them; null before the first. */
  head: string | null;
  /** Whether the push being decided leaves it at a head one of them left it at. */
  afterWasHead: boolean;
}

/**
 * Deploy a commit, or not, saying why; `head` is the branch's new head when the push is taken
 * as its latest, recorded for the next push to be judged against.
 */
export type PushDecision = { deploy: true; commit: string } | { deploy: false; reason: string; head: string | null };

/**
 * A signed push can be replayed under a new delivery ID, so a push is taken only as the branch's
 * next state: not one that leaves the branch where it is, nor one that starts from a head the
 * branch has left (`before` is not the latest head) to a head it had before. A force-push
 * starts from the latest head, so it is taken even when it goes back to an older commit; a push
 * after ones Aether missed is taken when it leads somewhere new.
 */
export function decidePush(project: { branch: string; autoDeploy: boolean }, push: PushEvent, branch: BranchHistory): PushDecision {
  const ignore = (reason: string): PushDecision => ({ deploy: false, reason, head: null });
  if (push.ref !== `refs/heads/${project.branch}`) return ignore(`the push was to ${push.ref}; the project deploys refs/heads/${project.branch}`);
  if (push.after === branch.head) return ignore(`${push.ref} is at ${push.after} already: a replayed push is not acted on`);
  if (push.before !== branch.head && branch.afterWasHead) {
    return ignore(`${push.ref} was at ${push.after} before and has moved on since: a replayed or stale push is not acted on`);
  }
  if (push.deleted) return { deploy: false, reason: `the push deleted ${push.ref}`, head: push.after };
  if (!project.autoDeploy) return { deploy: false, reason: 'auto-deploy is off for this project', head: push.after };
  return { deploy: true, commit: push.after };
}
