import type { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import type { BuildVariable, Credentials } from '../../../contract/build-job.js';
import { type BuildRequest, enqueueBuild } from '../../../contract/enqueue.js';
import { buildJobKey } from '../../../contract/sealed.js';
import type { Database } from '../db/database.js';
import { deployments, type projects } from '../db/schema.js';
import type { DeploymentTrigger } from './status.js';
import { transition } from './transition.js';
import { buildVariables } from '../projects/env-vars.js';
import { buildSettingsOf } from '../projects/project-settings.js';

export interface BuildQueue {
  db: Database;
  /** The install's name, which its images carry (see Platform). */
  instance: string;
  queue: Queue;
  redis: Redis;
  /** AETHER_SECRET_KEY: opens variables at rest; jobs are sealed with the build-job key derived from it. */
  secretKey: Buffer;
}

type Project = typeof projects.$inferSelect;
export type Deployment = typeof deployments.$inferSelect;

/** Every image of a project shares its repository name; each deployment's is tagged with its ID. */
export function imageTag(project: Pick<Project, 'slug'>, deploymentId: string): string {
  return `aether/${project.slug}:${deploymentId}`;
}

/** What the builder is asked to build: the commit given (a redeploy, a push), else the head of the project's branch. */
export function buildRequest(
  instance: string,
  deploymentId: string,
  project: Pick<Project, 'id' | 'slug' | 'repository' | 'branch' | 'rootDirectory' | 'settings'>,
  commit: string | undefined,
): BuildRequest {
  return {
    instance,
    deploymentId,
    projectId: project.id,
    repository: project.repository,
    revision: commit === undefined ? { kind: 'branch', branch: project.branch } : { kind: 'commit', sha: commit },
    rootDirectory: project.rootDirectory,
    settings: buildSettingsOf(project.settings),
    tag: imageTag(project, deploymentId),
  };
}

/** What travels sealed: the build's variables, and the token only when there is one. */
export function buildCredentials(variables: BuildVariable[], token: string | undefined): Credentials {
  return { variables, ...(token !== undefined && { token }) };
}

/** An exact commit (a redeploy, a push) and the branch it is on, when known; a commit needs no branch, a branch never goes without its commit. */
export interface BuildCommit {
  sha: string;
  branch?: string;
}

export interface BuildOptions {
  /** The head of the project's branch when absent. */
  commit?: BuildCommit;
  /** The user's token for a private repository. */
  token?: string;
}

/**
 * Records a queued deployment of the project's branch and hands its build to the builder; it is
 * the project's newest, so an older build that has not started yields to it.
 */
export async function queueBuild(
  queue: BuildQueue,
  project: Project,
  trigger: Exclude<DeploymentTrigger, 'rollback'>,
  { commit, token }: BuildOptions = {},
): Promise<Deployment> {
  const branch = commit?.branch ?? project.branch;
  const variables = await buildVariables(queue.db, queue.secretKey, project.id);
  const id = crypto.randomUUID();
  const [deployment] = await queue.db
    .insert(deployments)
    .values({ id, projectId: project.id, trigger, branch, imageTag: imageTag(project, id) })
    .returning();
  try {
    await enqueueBuild(queue.queue, queue.redis, buildJobKey(queue.secretKey), buildRequest(queue.instance, id, project, commit?.sha), buildCredentials(variables, token));
  } catch (error) {
    // A row left queued with no job behind it would wait forever.
    await transition(queue.db, id, 'failed', { error: `the build could not be queued: ${String(error)}` });
    throw error;
  }
  return deployment!;
}
