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

export type PushDecision = { deploy: true; commit: string } | { deploy: false; reason: string };

export function decidePush(project: { branch: string; autoDeploy: boolean }, push: PushEvent): PushDecision {
  if (push.deleted) return { deploy: false, reason: `the push deleted ${push.ref}` };
  if (push.ref !== `refs/heads/${project.branch}`) return { deploy: false, reason: `the push was to ${push.ref}; the project deploys refs/heads/${project.branch}` };
  if (!project.autoDeploy) return { deploy: false, reason: 'auto-deploy is off for this project' };
  return { deploy: true, commit: push.after };
}
