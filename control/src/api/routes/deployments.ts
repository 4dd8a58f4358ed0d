import { Hono } from 'hono';
import type { JSONParsed } from 'hono/utils/types';
import { z } from 'zod';
import { parse } from '../../../../shared/refusal.js';
import { cancelBuild } from '../../../../contract/enqueue.js';
import { open } from '../../../../contract/sealed.js';
import type { ContainerStats } from '../../deployments/container-stats.js';
import { deploymentDurations } from '../../deployments/durations.js';
import { recentDeployments } from '../../deployments/project-deployments.js';
import { keptNow } from '../../deployments/retire.js';
import type { Kept } from '../../deployments/retirement-plan.js';
import { type Deployment, queueBuild } from '../../deployments/queue-build.js';
import { rollBack } from '../../deployments/rollback.js';
import { DEPLOYMENT_STATUSES } from '../../deployments/status.js';
import { transition } from '../../deployments/transition.js';
import type { Project } from '../../projects/project-store.js';
import { deploymentHost, hostUrl } from '../../routing/deployment-hosts.js';
import { type ApiContext, type ApiDependencies, type ApiEnv, ownedDeployment, ownedProject } from '../context.js';
import { ApiError } from '../errors.js';
import type { Operation } from '../openapi.js';

/**
 * A deployment as every route shows it: its row, how long each phase took, the URL of its own
 * host, and what of it retirement keeps: its image, for a rollback to it, and its container, for
 * its URL to answer (only a deployment that went live ever has one).
 */
export const shownDeployment = (deployment: Deployment, url: string, kept: Kept) => ({
  ...deployment,
  durations: deploymentDurations(deployment),
  url,
  imageKept: deployment.status === 'ready' && kept.images.has(deployment.imageId),
  containerKept: deployment.status === 'ready' && kept.running.has(deployment.id),
});
/** A deployment as its JSON arrives at a client. */
export type DeploymentReply = JSONParsed<ReturnType<typeof shownDeployment>>;

/** Only deployments in this status, or built from this branch. */
export const deploymentsQuery = z.object({ status: z.enum(DEPLOYMENT_STATUSES).optional(), branch: z.string().min(1).max(255).optional() });

const statsOf = (stats: ContainerStats, deploymentId: string) => ({ intervalMs: stats.intervalMs, samples: stats.samples(deploymentId) });
/** A deployment's container figures as GET .../stats answers. */
export type DeploymentStatsReply = JSONParsed<ReturnType<typeof statsOf>>;

const base = '/projects/:projectId/deployments';
const one = `${base}/:deploymentId`;
const missing = { 404: 'no such project or deployment (or not yours)' };

export const deploymentOperations: Operation[] = [
  {
    operationId: 'listDeployments',
    method: 'get',
    path: base,
    summary: "The project's newest 100 deployments (of a status, of a branch)",
    auth: 'user',
    query: deploymentsQuery,
    responses: { 200: 'the deployments, newest first', 400: 'a query field is invalid', ...missing },
  },
  { operationId: 'createDeployment', method: 'post', path: base, summary: "Build and deploy the head of the project's branch", auth: 'user', responses: { 202: 'the queued deployment', ...missing } },
  { operationId: 'getDeployment', method: 'get', path: one, summary: 'A deployment: status, commit, durations, error and generated Dockerfile', auth: 'user', responses: { 200: 'the deployment', ...missing } },
  {
    operationId: 'redeploy',
    method: 'post',
    path: `${one}/redeploy`,
    summary: "Build and deploy this deployment's commit again",
    auth: 'user',
    responses: { 202: 'the queued deployment', 409: 'it never checked a commit out', ...missing },
  },
  {
    operationId: 'cancelDeployment',
    method: 'post',
    path: `${one}/cancel`,
    summary: 'Cancel a queued or running build',
    auth: 'user',
    responses: { 204: 'canceled', 409: 'it is past building', ...missing },
  },
  {
    operationId: 'getDeploymentStats',
    method: 'get',
    path: `${one}/stats`,
    summary: "The container's CPU (percent of one core) and memory over the last ten minutes, while it serves production",
    auth: 'user',
    responses: { 200: 'samples, oldest first, `intervalMs` apart', ...missing },
  },
  {
    operationId: 'rollBackToDeployment',
    method: 'post',
    path: `${one}/rollback`,
    summary: "Put this deployment's image live again, with the variables it ran with, as a new deployment",
    auth: 'user',
    responses: { 200: 'the rollback deployment, live or failed', 409: 'it never went live, its image is gone, or two rollouts of the project are already under way', ...missing },
  },
];

export function deploymentRoutes(deps: ApiDependencies): Hono<ApiEnv> {
  const app = new Hono<ApiEnv>();
  const { db, appsDomain } = deps.platform;
  /** Shapes the project's deployments by what it keeps now, read once for a whole list. */
  async function shaper(project: Project) {
    const kept = await keptNow(deps.platform, project.id);
    return (deployment: Deployment) => shownDeployment(deployment, hostUrl(deploymentHost(deployment.id, project.slug, appsDomain), deps.dashboard.origin), kept);
  }

  function build(c: ApiContext, project: Project, from?: { commit: string; branch: string | null }) {
    const sealedToken = c.get('user').githubTokenSealed;
    return queueBuild(deps.builds, project, 'manual', {
      ...(from !== undefined && { commit: { sha: from.commit, ...(from.branch !== null && { branch: from.branch }) } }),
      ...(sealedToken !== null && { token: open(deps.builds.secretKey, sealedToken) }),
    });
  }

  app.get(base, async (c) => {
    const project = await ownedProject(c, deps);
    return c.json((await recentDeployments(db, project.id, parse(deploymentsQuery, c.req.query()))).map(await shaper(project)));
  });

  app.post(base, async (c) => {
    const project = await ownedProject(c, deps);
    const deployment = await build(c, project);
    return c.json((await shaper(project))(deployment), 202);
  });

  app.get(one, async (c) => {
    const { project, deployment } = await ownedDeployment(c, deps);
    return c.json((await shaper(project))(deployment));
  });

  app.get(`${one}/stats`, async (c) => {
    const { deployment } = await ownedDeployment(c, deps);
    return c.json(statsOf(deps.containerStats, deployment.id));
  });

  app.post(`${one}/redeploy`, async (c) => {
    const { project, deployment } = await ownedDeployment(c, deps);
    if (deployment.commitSha === null) throw new ApiError(409, 'this deployment never checked a commit out; deploy the branch instead');
    const queued = await build(c, project, { commit: deployment.commitSha, branch: deployment.branch });
    return c.json((await shaper(project))(queued), 202);
  });

  app.post(`${one}/cancel`, async (c) => {
    const { deployment } = await ownedDeployment(c, deps);
    if (!(await transition(db, deployment.id, 'canceled', { error: `canceled by ${c.get('user').email}` }))) {
      throw new ApiError(409, `a deployment that is ${deployment.status} cannot be canceled`);
    }
    await cancelBuild(deps.builds.redis, deployment.id);
    return c.body(null, 204);
  });

  app.post(`${one}/rollback`, async (c) => {
    const { project, deployment } = await ownedDeployment(c, deps);
    const rollback = await rollBack(deps.platform, deployment.id);
    return c.json((await shaper(project))(rollback), 200);
  });

  return app;
}
