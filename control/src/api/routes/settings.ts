import { parseEnv } from 'node:util';
import { and, asc, eq } from 'drizzle-orm';
import { Hono } from 'hono';
import { z } from 'zod';
import { parse } from '../../../../shared/refusal.js';
import { domains, envVars } from '../../db/schema.js';
import { addDomain, challengeName, removeDomain, verifyDomain } from '../../projects/domains.js';
import { checkEnvVar, setEnvVar } from '../../projects/env-vars.js';
import { type ApiDependencies, type ApiEnv, ownedProject } from '../context.js';
import { notFound, parseBody } from '../errors.js';
import type { Operation } from '../openapi.js';

// A project's variables and domains. Variables are write-only: a response names them, never
// shows a value.

const scope = z.enum(['production', 'preview', 'build']);
const variable = z.strictObject({ key: z.string(), value: z.string().max(65_536), scope, secret: z.boolean().default(true) });
const dotenv = z.strictObject({ text: z.string().max(1_048_576), scope, secret: z.boolean().default(true) });
const newDomain = z.strictObject({ hostname: z.string().max(253) });

const env = '/projects/:projectId/env';
const domainsPath = '/projects/:projectId/domains';
const missing = { 404: 'no such project (or not yours)' };

export const settingsOperations: Operation[] = [
  { operationId: 'listVariables', method: 'get', path: env, summary: "List the project's variables: keys, scopes and whether secret, never values", auth: 'user', responses: { 200: 'the variables', ...missing } },
  { operationId: 'setVariable', method: 'put', path: env, summary: 'Set a variable in a scope', auth: 'user', body: variable, responses: { 204: 'set', 400: 'a field is invalid', ...missing } },
  {
    operationId: 'importVariables',
    method: 'post',
    path: `${env}/import`,
    summary: 'Set every variable of a .env text; one bad line and none is set',
    auth: 'user',
    body: dotenv,
    responses: { 200: 'the keys imported', 400: 'a line is invalid', ...missing },
  },
  { operationId: 'deleteVariable', method: 'delete', path: `${env}/:scope/:key`, summary: 'Remove a variable', auth: 'user', responses: { 204: 'removed', 400: 'no such scope', 404: 'no such project or variable' } },
  { operationId: 'listDomains', method: 'get', path: domainsPath, summary: "List the project's custom domains with their DNS challenge", auth: 'user', responses: { 200: 'the domains', ...missing } },
  {
    operationId: 'addDomain',
    method: 'post',
    path: domainsPath,
    summary: 'Add a custom domain; it is routed once its TXT record is verified',
    auth: 'user',
    body: newDomain,
    responses: { 201: 'added, with the TXT record to publish', 400: 'the hostname is invalid or taken', ...missing },
  },
  {
    operationId: 'verifyDomain',
    method: 'post',
    path: `${domainsPath}/:domainId/verify`,
    summary: "Look the domain's TXT record up; a match routes the domain to the project",
    auth: 'user',
    responses: { 200: 'whether it is verified', 404: 'no such project or domain' },
  },
  { operationId: 'deleteDomain', method: 'delete', path: `${domainsPath}/:domainId`, summary: 'Remove a custom domain and its route', auth: 'user', responses: { 204: 'removed', 404: 'no such project or domain' } },
];

export function settingsRoutes(deps: ApiDependencies): Hono<ApiEnv> {
  const app = new Hono<ApiEnv>();
  const { db, secretKey } = deps.platform;

  app.get(env, async (c) => {
    const project = await ownedProject(c, deps);
    const rows = await db
      .select({ key: envVars.key, scope: envVars.scope, secret: envVars.secret })
      .from(envVars)
      .where(eq(envVars.projectId, project.id))
      .orderBy(asc(envVars.key));
    return c.json(rows);
  });

  app.put(env, async (c) => {
    const project = await ownedProject(c, deps);
    await setEnvVar(db, secretKey, project.id, await parseBody(c, variable));
    return c.body(null, 204);
  });

  app.post(`${env}/import`, async (c) => {
    const project = await ownedProject(c, deps);
    const input = await parseBody(c, dotenv);
    const parsed = Object.entries(parseEnv(input.text)).map(([key, value]) => ({ key, value: value ?? '', scope: input.scope, secret: input.secret }));
    // Every line is checked before any is written: a bad line leaves the project as it was.
    parsed.forEach(checkEnvVar);
    for (const one of parsed) await setEnvVar(db, secretKey, project.id, one);
    return c.json({ imported: parsed.map((v) => v.key) });
  });

  app.delete(`${env}/:scope/:key`, async (c) => {
    const project = await ownedProject(c, deps);
    const where = and(eq(envVars.projectId, project.id), eq(envVars.scope, parse(scope, c.req.param('scope'))), eq(envVars.key, c.req.param('key')));
    if ((await db.delete(envVars).where(where).returning()).length === 0) throw notFound('variable');
    return c.body(null, 204);
  });

  const withChallenge = (domain: typeof domains.$inferSelect) => ({
    id: domain.id,
    hostname: domain.hostname,
    verified: domain.verifiedAt !== null,
    challenge: { type: 'TXT', name: challengeName(domain.hostname), value: domain.verificationToken },
  });

  async function ownedDomain(projectId: string, domainId: string) {
    const domain = z.uuid().safeParse(domainId).success
      ? await db.query.domains.findFirst({ where: and(eq(domains.id, domainId), eq(domains.projectId, projectId)) })
      : undefined;
    if (domain === undefined) throw notFound('domain');
    return domain;
  }

  app.get(domainsPath, async (c) => {
    const project = await ownedProject(c, deps);
    return c.json((await db.select().from(domains).where(eq(domains.projectId, project.id)).orderBy(asc(domains.hostname))).map(withChallenge));
  });

  app.post(domainsPath, async (c) => {
    const project = await ownedProject(c, deps);
    const input = await parseBody(c, newDomain);
    return c.json(withChallenge(await addDomain(deps.platform, project.id, input.hostname, deps.dashboard.host)), 201);
  });

  app.post(`${domainsPath}/:domainId/verify`, async (c) => {
    const domain = await ownedDomain((await ownedProject(c, deps)).id, c.req.param('domainId'));
    return c.json({ verified: await verifyDomain(deps.platform, deps.dns, domain.id) });
  });

  app.delete(`${domainsPath}/:domainId`, async (c) => {
    const domain = await ownedDomain((await ownedProject(c, deps)).id, c.req.param('domainId'));
    await removeDomain(deps.platform, domain.id);
    return c.body(null, 204);
  });

  return app;
}
