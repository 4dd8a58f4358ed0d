import { Hono } from 'hono';
import type { JSONParsed } from 'hono/utils/types';
import { z } from 'zod';
import { parse } from '../../../../shared/refusal.js';
import { deleteProject } from '../../deployments/delete-project.js';
import { pushHookOf, removePushHook } from '../../github/remove-push-hook.js';
import type { ProjectRules } from '../../projects/check-project.js';
import { projectSettingsSchema } from '../../projects/project-settings.js';
import { listProjectOverviews, type ProjectOverview, projectOverview } from '../../projects/project-overviews.js';
import { createProject, updateProject } from '../../projects/project-store.js';
import { dashboardSlug, productionUrl, SLUG_MAX_LENGTH, SLUG_PATTERN } from '../../routing/deployment-hosts.js';
import { type ApiDependencies, type ApiEnv, ownedProject } from '../context.js';
import { parseBody } from '../errors.js';
import type { Operation } from '../openapi.js';

// The project's host is `<slug>.<apps domain>` and a deployment's `<8 hex>--<slug>.<...>`: the
// grammar (see routing/deployment-hosts.ts) is what keeps one project's hosts off another's.
const slug = z
  .string()
  .max(SLUG_MAX_LENGTH)
  .regex(SLUG_PATTERN, 'lower-case letters and digits, joined by single hyphens (no "--", no hyphen first or last)');

/** A project as every route shows it: its settings, its production and latest deployments, its framework, and the URL it answers on. */
function projectReply(project: ProjectOverview, site: { appsDomain: string; dashboardOrigin: string }) {
  return { ...project, url: productionUrl(project.slug, site.appsDomain, site.dashboardOrigin) };
}

/** A project as its JSON arrives at a client. */
export type ProjectReply = JSONParsed<ReturnType<typeof projectReply>>;

export const projectFields = z.strictObject({
  slug,
  repository: z.string().min(1).max(2048),
  branch: z.string().exactOptional(),
  rootDirectory: z.string().exactOptional(),
  settings: projectSettingsSchema.exactOptional(),
  autoDeploy: z.boolean().exactOptional(),
});

/** What this install allows a project, from the API's configuration. */
export function projectRules(deps: ApiDependencies): ProjectRules {
  return {
    allowLocalSources: deps.allowLocalSources,
    appLimits: deps.platform.appLimits,
    dashboardSlug: dashboardSlug(deps.dashboard.host, deps.platform.appsDomain),
  };
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
  const rules = projectRules(deps);
  const site = { appsDomain: deps.platform.appsDomain, dashboardOrigin: deps.dashboard.origin };
  const reply = (project: ProjectOverview) => projectReply(project, site);

  app.get('/projects', async (c) => {
    const { page, perPage } = parse(projectsQuery, c.req.query());
    const listed = await listProjectOverviews(db, c.get('user').id, page, perPage);
    if (listed.more) c.header('Link', `</api/projects?page=${page + 1}&perPage=${perPage}>; rel="next"`);
    return c.json(listed.projects.map(reply));
  });

  app.post('/projects', async (c) => {
    const project = await createProject(db, rules, c.get('user').id, await parseBody(c, projectFields));
    return c.json(reply(await projectOverview(db, project)), 201);
  });

  app.get('/projects/:projectId', async (c) => c.json(reply(await projectOverview(db, await ownedProject(c, deps)))));

  app.patch('/projects/:projectId', async (c) => {
    const project = await ownedProject(c, deps);
    return c.json(reply(await projectOverview(db, await updateProject(db, rules, project, await parseBody(c, projectFields.partial())))));
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
