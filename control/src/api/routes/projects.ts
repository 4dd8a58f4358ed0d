import { desc, eq } from 'drizzle-orm';
import { Hono } from 'hono';
import type { JSONParsed } from 'hono/utils/types';
import { z } from 'zod';
import { validateSettings } from '../../../../contract/build-settings.js';
import { parseBranch, parseRepositoryUrl, parseRootDirectory } from '../../../../contract/source-spec.js';
import { parse } from '../../../../shared/refusal.js';
import { projects } from '../../db/schema.js';
import { type AppLimits, settingAboveLimit } from '../../deployments/app-limits.js';
import { deleteProject } from '../../deployments/delete-project.js';
import { pushHookOf, removePushHook } from '../../github/remove-push-hook.js';
import { checkSlugClaimable } from '../../projects/slug-claims.js';
import { dashboardSlug, SLUG_MAX_LENGTH, SLUG_PATTERN } from '../../routing/deployment-hosts.js';
import { type ApiDependencies, type ApiEnv, ownedProject } from '../context.js';
import { ApiError, parseBody } from '../errors.js';
import type { Operation } from '../openapi.js';

// The project's host is `<slug>.<apps domain>` and a deployment's `<8 hex>--<slug>.<...>`: the
// grammar (see routing/deployment-hosts.ts) is what keeps one project's hosts off another's.
const slug = z
  .string()
  .max(SLUG_MAX_LENGTH)
  .regex(SLUG_PATTERN, 'lower-case letters and digits, joined by single hyphens (no "--", no hyphen first or last)');

const settings = z.strictObject({
  installCommand: z.string().exactOptional(),
  buildCommand: z.string().exactOptional(),
  startCommand: z.string().exactOptional(),
  outputDir: z.string().exactOptional(),
  port: z.number().int().min(1).max(65535).exactOptional(),
  healthCheckPath: z.string().startsWith('/').max(1024).exactOptional(),
  memoryMb: z.number().int().min(16).max(1_048_576).exactOptional(),
  cpus: z.number().min(0.01).max(256).exactOptional(),
});

/** A project as its JSON arrives at a client. */
export type ProjectReply = JSONParsed<typeof projects.$inferSelect>;

export const projectFields = z.strictObject({
  slug,
  repository: z.string().min(1).max(2048),
  branch: z.string().exactOptional(),
  rootDirectory: z.string().exactOptional(),
  settings: settings.exactOptional(),
  autoDeploy: z.boolean().exactOptional(),
});

/**
 * Each field through the same parser the builder uses, so a project never holds what cannot
 * build, and its memory and CPU within what the admin allows.
 */
export function checkedProject(
  input: { [K in keyof z.infer<typeof projectFields>]?: z.infer<typeof projectFields>[K] | undefined },
  allowLocal: boolean,
  limits: AppLimits,
) {
  const aboveLimit = input.settings === undefined ? null : settingAboveLimit(input.settings, limits);
  if (aboveLimit !== null) throw new ApiError(400, aboveLimit.message, aboveLimit.field);
  return {
    ...(input.slug !== undefined && { slug: input.slug }),
    ...(input.repository !== undefined && { repository: parseRepositoryUrl(input.repository, { allowLocal }) }),
    ...(input.branch !== undefined && { branch: parseBranch(input.branch) }),
    ...(input.rootDirectory !== undefined && { rootDirectory: parseRootDirectory(input.rootDirectory) }),
    ...(input.settings !== undefined && { settings: (validateSettings(input.settings), input.settings) }),
    ...(input.autoDeploy !== undefined && { autoDeploy: input.autoDeploy }),
  };
}

/** Refuses a slug whose host is already someone else's name (see projects/slug-claims.ts). */
export async function checkSlug(deps: ApiDependencies, slug: string): Promise<void> {
  await checkSlugClaimable(deps.platform.db, slug, dashboardSlug(deps.dashboard.host, deps.platform.appsDomain));
}

/** Runs a write of a project, refusing a taken slug as the client's to fix. */
export async function savedProject<T>(write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (error) {
    if ((error as { cause?: { code?: string } }).cause?.code === '23505') throw new ApiError(409, 'a project with this slug exists', 'slug');
    throw error;
  }
}

/** A page of projects; `Link: <...>; rel="next"` points at the next one while there is one. */
export const projectsQuery = z.object({
  page: z.coerce.number().int().min(1).max(100_000).default(1),
  perPage: z.coerce.number().int().min(1).max(100).default(50),
});

const missing = { 404: 'no such project (or not yours)' };

export const projectOperations: Operation[] = [
  {
    operationId: 'listProjects',
    method: 'get',
    path: '/projects',
    summary: "The signed-in user's projects, newest first, a page at a time",
    auth: 'user',
    query: projectsQuery,
    responses: { 200: 'a page of projects; the Link header names the next page', 400: 'a query field is invalid', 401: 'not signed in' },
  },
  {
    operationId: 'createProject',
    method: 'post',
    path: '/projects',
    summary: 'Create a project from a repository URL',
    auth: 'user',
    body: projectFields,
    responses: { 201: 'the project', 400: 'a field is invalid, or the slug names a host that is not free', 409: 'the slug is taken' },
  },
  { operationId: 'getProject', method: 'get', path: '/projects/:projectId', summary: 'A project', auth: 'user', responses: { 200: 'the project', ...missing } },
  {
    operationId: 'updateProject',
    method: 'patch',
    path: '/projects/:projectId',
    summary: "Change a project's settings; the next deployment uses them",
    auth: 'user',
    body: projectFields.partial(),
    responses: { 200: 'the project', 400: 'a field is invalid, or the slug differs from the project\'s: slugs never change', ...missing },
  },
  {
    operationId: 'deleteProject',
    method: 'delete',
    path: '/projects/:projectId',
    summary: 'Delete a project: its containers, images, routes and records, and its push webhook on GitHub',
    auth: 'user',
    responses: {
      200: 'deleted, but its push webhook could not be removed from GitHub: `webhook.reason` says why, and to remove it there by hand',
      204: 'deleted, with its push webhook if it had one',
      ...missing,
    },
  },
];

export function projectRoutes(deps: ApiDependencies): Hono<ApiEnv> {
  const app = new Hono<ApiEnv>();
  const { db } = deps.platform;
  const checked = (input: Parameters<typeof checkedProject>[0]) => checkedProject(input, deps.allowLocalSources, deps.platform.appLimits);

  app.get('/projects', async (c) => {
    const { page, perPage } = parse(projectsQuery, c.req.query());
    const rows = await db
      .select()
      .from(projects)
      .where(eq(projects.ownerId, c.get('user').id))
      .orderBy(desc(projects.createdAt), desc(projects.id))
      .limit(perPage + 1)
      .offset((page - 1) * perPage);
    // One row more than the page tells whether a next page exists, without counting them all.
    if (rows.length > perPage) c.header('Link', `</api/projects?page=${page + 1}&perPage=${perPage}>; rel="next"`);
    return c.json(rows.slice(0, perPage));
  });

  app.post('/projects', async (c) => {
    const input = checked(await parseBody(c, projectFields));
    await checkSlug(deps, input.slug!);
    const [project] = await savedProject(() => db.insert(projects).values({ ...input, slug: input.slug!, repository: input.repository!, ownerId: c.get('user').id }).returning());
    return c.json(project, 201);
  });

  app.get('/projects/:projectId', async (c) => c.json(await ownedProject(c, deps)));

  app.patch('/projects/:projectId', async (c) => {
    const project = await ownedProject(c, deps);
    const input = checked(await parseBody(c, projectFields.partial()));
    // A project keeps its slug for life: renamed, its old host would be free for anyone to take,
    // with every link and custom domain's CNAME that still names it.
    if (input.slug !== undefined && input.slug !== project.slug) throw new ApiError(400, 'slug: cannot be changed once the project exists', 'slug');
    const [updated] = await db.update(projects).set(input).where(eq(projects.id, project.id)).returning();
    return c.json(updated);
  });

  app.delete('/projects/:projectId', async (c) => {
    const project = await ownedProject(c, deps);
    const hook = await pushHookOf(db, project.id);
    // A concurrent delete that got there first removes the hook itself.
    if (!(await deleteProject(deps.platform, project.id)) || hook === null) return c.body(null, 204);
    const webhook = await removePushHook(deps.github, deps.platform.secretKey, hook);
    return webhook.removed ? c.body(null, 204) : c.json({ webhook }, 200);
  });

  return app;
}
