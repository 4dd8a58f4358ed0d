import { parseEnv } from 'node:util';
import { Hono } from 'hono';
import type { JSONParsed } from 'hono/utils/types';
import { z } from 'zod';
import { parse } from '../../../../shared/refusal.js';
import { addDomain, challengeName, type Domain, projectDomain, projectDomains, removeDomain, verifyDomain } from '../../projects/domains.js';
import { deleteEnvVar, listEnvVars, setEnvVar, setEnvVars } from '../../projects/env-vars.js';
import { type ApiDependencies, type ApiEnv, ownedProject } from '../context.js';
import { notFound, parseBody } from '../errors.js';
import type { Operation } from '../openapi.js';

// A project's variables and domains. Variables are write-only: a response names them, never
// shows a value.

const scope = z.enum(['production', 'preview', 'build']);
const variable = z.strictObject({ key: z.string(), value: z.string().max(65_536), scope, secret: z.boolean().default(true) });
const dotenv = z.strictObject({ text: z.string().max(1_048_576), scope, secret: z.boolean().default(true) });
const newDomain = z.strictObject({ hostname: z.string().max(253) });

export const shownDomain = (domain: Domain) => ({
  id: domain.id,
  hostname: domain.hostname,
  verified: domain.verifiedAt !== null,
  challenge: { type: 'TXT', name: challengeName(domain.hostname), value: domain.verificationToken },
});

/** A variable as its JSON arrives at a client: never its value. */
export type VariableReply = JSONParsed<Awaited<ReturnType<typeof listEnvVars>>[number]>;
/** A custom domain as its JSON arrives at a client, with the TXT record that proves it. */
export type DomainReply = JSONParsed<ReturnType<typeof shownDomain>>;

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
    return c.json(await listEnvVars(db, project.id));
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
    await setEnvVars(db, secretKey, project.id, parsed);
    return c.json({ imported: parsed.map((v) => v.key) });
  });

  app.delete(`${env}/:scope/:key`, async (c) => {
    const project = await ownedProject(c, deps);
    if (!(await deleteEnvVar(db, project.id, parse(scope, c.req.param('scope')), c.req.param('key')))) throw notFound('variable');
    return c.body(null, 204);
  });

  async function ownedDomain(projectId: string, domainId: string) {
    const domain = z.uuid().safeParse(domainId).success ? await projectDomain(db, projectId, domainId) : undefined;
    if (domain === undefined) throw notFound('domain');
    return domain;
  }

  app.get(domainsPath, async (c) => {
    const project = await ownedProject(c, deps);
    return c.json((await projectDomains(db, project.id)).map(shownDomain));
  });

  app.post(domainsPath, async (c) => {
    const project = await ownedProject(c, deps);
    const input = await parseBody(c, newDomain);
    return c.json(shownDomain(await addDomain(deps.platform, project.id, input.hostname, deps.dashboard.host)), 201);
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
