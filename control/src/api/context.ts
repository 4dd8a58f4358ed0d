import type { Context } from 'hono';
import { z } from 'zod';
import type { User } from '../auth/tokens.js';
import type { GitHubConfig } from '../config.js';
import { projectDeployment } from '../deployments/project-deployments.js';
import type { ContainerStats } from '../deployments/container-stats.js';
import type { DeploymentChanges } from '../deployments/deployment-changes.js';
import type { BuildQueue } from '../deployments/queue-build.js';
import type { DetectionQueue } from '../detections/request-detection.js';
import type { Platform } from '../deployments/platform.js';
import type { BuildLogWatch } from '../logs/build-log-watch.js';
import type { RuntimeLogs } from '../logs/runtime-logs.js';
import type { TxtResolver } from '../projects/domains.js';
import { findOwnedProject, type Project } from '../projects/project-store.js';
import type { DashboardSite } from './dashboard-site.js';
import { notFound } from './errors.js';

export interface ApiDependencies {
  platform: Platform;
  builds: BuildQueue;
  /** Detections: queued for the builder, their answers heard by one subscription per instance. */
  detections: DetectionQueue;
  /** Local paths as repositories: tests only. */
  allowLocalSources: boolean;
  /** Where browsers reach the dashboard: its cookies' scope, the one origin its writes come from, the host no project may take. */
  dashboard: DashboardSite;
  /** Where custom domains' ownership records are looked up. */
  dns: TxtResolver;
  /** Build logs' new lines: one Redis connection per instance waits for them, for every viewer. */
  buildLogs: BuildLogWatch;
  /** Containers' logs: one Docker stream per container, shared by its viewers. */
  runtimeLogs: RuntimeLogs;
  /** Production containers' CPU and memory, sampled by one loop per instance. */
  containerStats: ContainerStats;
  /** Deployments' changes: one Postgres connection per instance listens for them, for every viewer. */
  deploymentChanges: DeploymentChanges;
  /** Aborts when control shuts down: open log streams end, and browsers reconnect to another instance. */
  stopping: AbortSignal;
  /**
   * How many proxies in front of control append to X-Forwarded-For (Traefik: 1); the client's
   * address is the entry that many from the end, and 0 means the socket's peer. See client-address.ts.
   */
  proxyHops: number;
  /** GitHub sign-in and import; their routes answer 404 without it. */
  github?: GitHubConfig | undefined;
}

/** How the request proved who it is: a browser's session (by its token's hash) or an API token. */
export type Credential = { kind: 'session'; sessionHash: string } | { kind: 'token'; tokenId: string };

export type ApiEnv = { Variables: { user: User; credential: Credential } };
export type ApiContext = Context<ApiEnv>;

const uuid = z.uuid();

/**
 * The project named by the route's `:projectId`, if the signed-in user owns it. Anyone else's,
 * or one that does not exist, is the same 404, so IDs reveal nothing.
 */
export async function ownedProject(c: ApiContext, deps: ApiDependencies): Promise<Project> {
  const id = c.req.param('projectId') ?? '';
  if (!uuid.safeParse(id).success) throw notFound('project');
  const project = await findOwnedProject(deps.platform.db, c.get('user').id, id);
  if (project === undefined) throw notFound('project');
  return project;
}

/** The deployment named by `:deploymentId`, of the project `ownedProject` finds; a 404 as that one is. */
export async function ownedDeployment(c: ApiContext, deps: ApiDependencies) {
  const project = await ownedProject(c, deps);
  const id = c.req.param('deploymentId') ?? '';
  const deployment = uuid.safeParse(id).success
    ? await projectDeployment(deps.platform.db, project.id, id)
    : undefined;
  if (deployment === undefined) throw notFound('deployment');
  return { project, deployment };
}
