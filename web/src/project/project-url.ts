import type { DeploymentReply, ProjectReply } from '../../../control/src/api/replies.js';

// The project's own URL, `<slug>.<apps domain>`. The project reply does not carry it (yet), and
// the dashboard cannot know the apps domain by itself: a deployment's URL, `<8 hex>--<slug>.<...>`,
// is the same host with the deployment's label in front.

type Reply = ProjectReply & { url?: string };

/** The project's URL, or null while it has no deployment to learn the apps domain from. */
export function projectUrl(project: Reply, deployments: ReadonlyArray<Pick<DeploymentReply, 'url'>>): string | null {
  if (project.url !== undefined) return project.url;
  const any = deployments[0];
  if (any === undefined) return null;
  const url = new URL(any.url);
  url.hostname = url.hostname.replace(/^[0-9a-f]{8}--/, '');
  return url.origin;
}
