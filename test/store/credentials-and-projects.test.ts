import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { credentialsSchema } from '../../contract/build-job.js';
import { buildJobKey, open } from '../../contract/sealed.js';
import { controlApp } from '../../control/src/control-app.js';
import { apiTokens, buildLogLines, deployments, projects, sessions } from '../../control/src/db/schema.js';
import { challengeName } from '../../control/src/projects/domains.js';
import { routesFileName } from '../../control/src/routing/production-routes.js';
import { type Caller, ORIGIN, type StoreApp, useStoreApp } from '../support/store-app.js';

// What a user notices of their sessions, tokens, projects, variables, domains and deployments,
// as the API stores them in Postgres and Redis: each test makes the users and projects it needs.

let store: StoreApp;
let admin: Caller;
const call = (method: string, path: string, who: Caller = {}, body?: unknown, headers?: Record<string, string>) => store.call(method, path, who, body, headers);
const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');
const tokenOf = (caller: Caller) => caller.cookie!.split('=')[1]!;

useStoreApp(async (app) => {
  store = app;
  // The install's admin, whose invites let every other test's users in.
  admin = await app.newUser('admin');
});

/** A deployment row as a build and a rollout leave it. */
async function deploymentOf(projectId: string, fields: Partial<typeof deployments.$inferInsert> = {}) {
  const [row] = await store.test.db.insert(deployments).values({ projectId, trigger: 'manual', imageTag: 'aether/test:1', ...fields }).returning();
  return row!;
}

describe('sessions', () => {
  it('keeps only the hash of a session’s token, which opens the session; the token itself opens nothing from the table', async () => {
    const user = await store.newUser('hashed');
    const rows = await store.test.db.select().from(sessions).where(eq(sessions.userId, user.id));
    expect(rows.map((r) => r.tokenHash)).toEqual([sha256(tokenOf(user))]);
    expect(JSON.stringify(rows)).not.toContain(tokenOf(user));
    // Whoever reads the table and presents the hash as a cookie is not signed in.
    expect((await call('GET', '/me', { cookie: `aether_session=${rows[0]!.tokenHash}` })).status).toBe(401);
    expect((await call('GET', '/me', user)).json).toMatchObject({ id: user.id, email: user.email, isAdmin: false, hasPassword: true });
  });

  it('lasts thirty days, and opens nothing once expired', async () => {
    const signup = await store.newUser('expiring');
    const [row] = await store.test.db.select().from(sessions).where(eq(sessions.userId, signup.id));
    const days = (row!.expiresAt.getTime() - Date.now()) / 86_400_000;
    expect(days).toBeGreaterThan(29.9);
    expect(days).toBeLessThanOrEqual(30);
    await store.test.db.update(sessions).set({ expiresAt: new Date(Date.now() - 1000) }).where(eq(sessions.userId, signup.id));
    expect((await call('GET', '/me', signup)).status).toBe(401);
    expect((await call('POST', '/projects', signup, { slug: 'expired-session', repository: '/srv/x' })).status).toBe(401);
  });

  it('sends the session’s expiry with its cookie, and logging out ends only that session', async () => {
    const user = await store.newUser('two-browsers');
    const other = await call('POST', '/auth/login', {}, { email: user.email, password: 'a long enough password' }, { 'x-forwarded-for': '198.51.100.7' });
    expect(other.headers.get('set-cookie')).toMatch(/Expires=/);
    const second = { cookie: other.headers.get('set-cookie')!.split(';')[0]! };
    expect((await call('POST', '/auth/logout', user)).status).toBe(204);
    expect((await call('GET', '/me', user)).status).toBe(401);
    expect((await call('GET', '/me', second)).status).toBe(200);
  });
});

describe('API tokens', () => {
  it('keeps only the token’s hash, and records its use to the minute', async () => {
    const user = await store.newUser('scripted');
    const made = await call('POST', '/tokens', user, { name: 'ci' });
    expect(made.status).toBe(201);
    expect(made.json).toMatchObject({ id: expect.any(String), token: expect.stringMatching(/^aether_/), expiresAt: null });
    const token = made.json!.token as string;
    const [row] = await store.test.db.select().from(apiTokens).where(eq(apiTokens.id, made.json!.id));
    expect(row).toMatchObject({ tokenHash: sha256(token), lastUsedAt: null, expiresAt: null, name: 'ci' });
    expect(JSON.stringify(row)).not.toContain(token);

    expect((await call('GET', '/me', { token })).json).toMatchObject({ id: user.id });
    const [used] = await store.test.db.select().from(apiTokens).where(eq(apiTokens.id, row!.id));
    expect(used!.lastUsedAt).not.toBeNull();

    // A use within the minute writes nothing; one after it does.
    const recent = new Date(Date.now() - 10_000);
    await store.test.db.update(apiTokens).set({ lastUsedAt: recent }).where(eq(apiTokens.id, row!.id));
    await call('GET', '/me', { token });
    expect((await store.test.db.select().from(apiTokens).where(eq(apiTokens.id, row!.id)))[0]!.lastUsedAt).toEqual(recent);
    const stale = new Date(Date.now() - 120_000);
    await store.test.db.update(apiTokens).set({ lastUsedAt: stale }).where(eq(apiTokens.id, row!.id));
    await call('GET', '/me', { token });
    expect((await store.test.db.select().from(apiTokens).where(eq(apiTokens.id, row!.id)))[0]!.lastUsedAt!.getTime()).toBeGreaterThan(stale.getTime() + 60_000);
  });

  it('expires a token the number of days asked, and refuses a bad name or lifetime naming the field', async () => {
    const user = await store.newUser('expiry');
    const made = await call('POST', '/tokens', user, { name: 'deploy', expiresInDays: 7 });
    const days = (Date.parse(made.json!.expiresAt) - Date.now()) / 86_400_000;
    expect(days).toBeGreaterThan(6.9);
    expect(days).toBeLessThanOrEqual(7);
    for (const [body, field] of [
      [{ name: '  ' }, 'name'],
      [{ name: 'x', expiresInDays: 0 }, 'expiresInDays'],
      [{ name: 'x', expiresInDays: 1.5 }, 'expiresInDays'],
    ] as const) {
      const refused = await call('POST', '/tokens', user, body);
      expect(refused.status, JSON.stringify(body)).toBe(400);
      expect(refused.json!.error.field, JSON.stringify(body)).toBe(field);
    }
    expect((await call('GET', '/tokens', user)).json!.map((t: { name: string }) => t.name)).toEqual(['deploy']);
  });

  it('cannot change its user’s password, sign them out, or reach another user’s projects', async () => {
    const [owner, other] = [await store.newUser('token-owner'), await store.newUser('token-other')];
    const token = (await call('POST', '/tokens', owner, { name: 'ci' })).json!.token as string;
    const theirs = await store.newProject(other, 'theirs');
    const password = await call('POST', '/auth/password', { token }, { currentPassword: 'a long enough password', newPassword: 'taken over by a script' });
    expect(password.status).toBe(403);
    expect((await call('POST', '/auth/login', {}, { email: owner.email, password: 'a long enough password' }, { 'x-forwarded-for': '198.51.100.8' })).status).toBe(200);
    expect((await call('GET', `/projects/${theirs.id}`, { token })).status).toBe(404);
    const mine = await call('POST', '/projects', { token }, { slug: 'made-by-token', repository: '/srv/x' });
    expect(mine.status).toBe(201);
    expect((await call('GET', '/projects', owner)).json!.map((p: { id: string }) => p.id)).toEqual([mine.json!.id]);
    expect((await call('GET', '/me', owner)).status).toBe(200);
  });
});

describe('invites', () => {
  it('keeps only an invite’s hash, which cannot be used as the invite, and a revoked invite lets no one in', async () => {
    const adminSession = admin;
    const invite = await call('POST', '/admin/invites', adminSession, { email: 'Invited@Example.com', expiresInHours: 2 });
    expect(invite.json).toMatchObject({ email: 'invited@example.com', token: expect.stringMatching(/^invite_/) });
    const hours = (Date.parse(invite.json!.expiresAt) - Date.now()) / 3_600_000;
    expect(hours).toBeGreaterThan(1.9);
    expect(hours).toBeLessThanOrEqual(2);
    const listed = (await call('GET', '/admin/invites', adminSession)).json as Array<Record<string, unknown>>;
    expect(listed[0]).toEqual({ id: invite.json!.id, email: 'invited@example.com', createdAt: expect.any(String), expiresAt: expect.any(String), usedAt: null, usedBy: null });

    const signUp = (token: string) => call('POST', '/auth/signup', {}, { email: 'invited@example.com', password: 'a long enough password', invite: token }, { 'x-forwarded-for': '198.51.100.9' });
    expect((await signUp(sha256(invite.json!.token))).status).toBe(400);
    expect((await call('DELETE', `/admin/invites/${invite.json!.id}`, adminSession)).status).toBe(204);
    expect((await signUp(invite.json!.token)).status).toBe(400);
    expect((await call('DELETE', `/admin/invites/not-a-uuid`, adminSession)).status).toBe(404);
  });
});

describe('projects', () => {
  it('shows each project with the deployment serving it, its latest deployment and the framework its newest build detected', async () => {
    const owner = await store.newUser('overview');
    const project = await store.newProject(owner, 'overview');
    const minutesAgo = (m: number) => new Date(Date.now() - m * 60_000);
    const older = await deploymentOf(project.id, { status: 'ready', imageId: 'sha256:older', framework: 'Vite', commitSha: 'a'.repeat(40), commitMessage: 'first', readyAt: minutesAgo(30), createdAt: minutesAgo(40) });
    const live = await deploymentOf(project.id, { status: 'ready', imageId: 'sha256:live', framework: 'Next.js', commitSha: 'b'.repeat(40), commitMessage: 'second', readyAt: minutesAgo(10), createdAt: minutesAgo(20) });
    // What a build still running detected is not yet what the project is.
    const building = await deploymentOf(project.id, { status: 'building', framework: 'Astro', createdAt: minutesAgo(1) });
    await store.test.db.update(projects).set({ productionDeploymentId: live.id }).where(eq(projects.id, project.id));

    const expected = {
      id: project.id,
      url: `http://${project.slug}.localhost`,
      production: { id: live.id, status: 'ready', commitSha: 'b'.repeat(40), commitMessage: 'second', readyAt: live.readyAt!.toISOString(), repositorySettings: null },
      latestDeployment: { id: building.id, status: 'building', createdAt: building.createdAt.toISOString() },
      framework: 'Next.js',
    };
    expect((await call('GET', `/projects/${project.id}`, owner)).json).toMatchObject(expected);
    expect((await call('GET', '/projects', owner)).json).toEqual([expect.objectContaining(expected)]);
    expect(older.id).not.toBe(live.id);

    const empty = await store.newProject(owner, 'empty');
    expect((await call('GET', `/projects/${empty.id}`, owner)).json).toMatchObject({ production: null, latestDeployment: null, framework: null });
  });

  it('lists only the user’s own projects, whoever else has some', async () => {
    const [me, other] = [await store.newUser('lister'), await store.newUser('other-lister')];
    const mine = await store.newProject(me, 'mine');
    await store.newProject(other, 'not-mine');
    expect((await call('GET', '/projects', me)).json!.map((p: { id: string }) => p.id)).toEqual([mine.id]);
  });
});

describe('variables', () => {
  it('keeps a variable per scope: a build gets the build scope’s, never production’s, and deleting one scope’s leaves the other', async () => {
    const owner = await store.newUser('scoped');
    const project = await store.newProject(owner, 'scoped');
    const env = `/projects/${project.id}/env`;
    expect((await call('PUT', env, owner, { key: 'API_KEY', value: 'for-production', scope: 'production' })).status).toBe(204);
    expect((await call('PUT', env, owner, { key: 'API_KEY', value: 'for-the-build', scope: 'build', secret: false })).status).toBe(204);
    expect((await call('PUT', env, owner, { key: 'NPM_TOKEN', value: 'npm-secret', scope: 'build' })).status).toBe(204);
    expect((await call('PUT', env, owner, { key: 'NPM_TOKEN', value: 'npm-secret-2', scope: 'build' })).status).toBe(204);
    const listed = (await call('GET', env, owner)).json as Array<{ key: string; scope: string }>;
    expect(listed.map((v) => v.key)).toEqual(['API_KEY', 'API_KEY', 'NPM_TOKEN']);
    expect(listed.sort((x, y) => `${x.key} ${x.scope}`.localeCompare(`${y.key} ${y.scope}`))).toEqual([
      { key: 'API_KEY', scope: 'build', secret: false },
      { key: 'API_KEY', scope: 'production', secret: true },
      { key: 'NPM_TOKEN', scope: 'build', secret: true },
    ]);

    const queued = await call('POST', `/projects/${project.id}/deployments`, owner);
    const job = await store.queue.getJob(queued.json!.id);
    const { variables } = credentialsSchema.parse(JSON.parse(open(buildJobKey(store.platform.secretKey), job!.data.credentials)));
    expect(variables.sort((a, b) => a.name.localeCompare(b.name))).toEqual([
      { name: 'API_KEY', value: 'for-the-build', secret: false },
      { name: 'NPM_TOKEN', value: 'npm-secret-2', secret: true },
    ]);
    expect(JSON.stringify(job!.data)).not.toContain('for-the-build');

    expect((await call('DELETE', `${env}/build/API_KEY`, owner)).status).toBe(204);
    expect((await call('DELETE', `${env}/build/API_KEY`, owner)).status).toBe(404);
    expect((await call('DELETE', `${env}/nowhere/API_KEY`, owner)).status).toBe(400);
    expect((await call('GET', env, owner)).json).toEqual([
      { key: 'API_KEY', scope: 'production', secret: true },
      { key: 'NPM_TOKEN', scope: 'build', secret: true },
    ]);
  });

  it('refuses a key no shell accepts, or a value with a NUL, naming the field, and imports a .env whole or not at all', async () => {
    const owner = await store.newUser('checked');
    const project = await store.newProject(owner, 'checked');
    const env = `/projects/${project.id}/env`;
    for (const [body, field] of [
      [{ key: '1ST', value: 'x', scope: 'production' }, 'key'],
      [{ key: 'A-B', value: 'x', scope: 'production' }, 'key'],
      [{ key: 'OK', value: 'a\0b', scope: 'production' }, 'value'],
      [{ key: 'OK', value: 'x', scope: 'staging' }, 'scope'],
    ] as const) {
      const refused = await call('PUT', env, owner, body);
      expect(refused.status, JSON.stringify(body)).toBe(400);
      expect(refused.json!.error.field, JSON.stringify(body)).toBe(field);
    }
    const bad = await call('POST', `${env}/import`, owner, { text: 'GOOD=1\n9BAD=2\n', scope: 'production' });
    expect(bad.status).toBe(400);
    expect((await call('GET', env, owner)).json).toEqual([]);
    const imported = await call('POST', `${env}/import`, owner, { text: 'ONE=1\nTWO="two words"\n', scope: 'preview', secret: false });
    expect(imported.json).toEqual({ imported: ['ONE', 'TWO'] });
    expect((await call('GET', env, owner)).json).toEqual([
      { key: 'ONE', scope: 'preview', secret: false },
      { key: 'TWO', scope: 'preview', secret: false },
    ]);
  });
});

describe('custom domains', () => {
  async function routedHosts(slug: string): Promise<string | null> {
    const file = await readFile(join(store.platform.routesDir, routesFileName(slug)), 'utf8').catch(() => null);
    return file === null ? null : (JSON.parse(file).http.routers[`${slug}-production`].rule as string);
  }

  it('routes a domain to the project only once its TXT record proves it, and stops when it is removed', async () => {
    const owner = await store.newUser('domains');
    const project = await store.newProject(owner, 'domains');
    const live = await deploymentOf(project.id, { status: 'ready', readyAt: new Date() });
    await store.test.db.update(projects).set({ productionDeploymentId: live.id }).where(eq(projects.id, project.id));
    const hostname = `www.${project.slug}.test`;

    const added = await call('POST', `/projects/${project.id}/domains`, owner, { hostname: hostname.toUpperCase() });
    expect(added.status).toBe(201);
    expect(added.json).toEqual({ id: expect.any(String), hostname, verified: false, challenge: { type: 'TXT', name: challengeName(hostname), value: expect.stringMatching(/^[0-9a-f]{32}$/) } });
    const verify = () => call('POST', `/projects/${project.id}/domains/${added.json!.id}/verify`, owner);

    // No record, then a wrong one: not verified, not routed.
    expect((await verify()).json).toEqual({ verified: false });
    store.dns.txt.set(challengeName(hostname), 'not-the-token');
    expect((await verify()).json).toEqual({ verified: false });
    expect(await routedHosts(project.slug)).toBeNull();
    expect((await call('GET', `/projects/${project.id}/domains`, owner)).json).toMatchObject([{ hostname, verified: false }]);

    store.dns.txt.set(challengeName(hostname), added.json!.challenge.value);
    expect((await verify()).json).toEqual({ verified: true });
    expect(await routedHosts(project.slug)).toBe(`Host(\`${project.slug}.localhost\`) || Host(\`${hostname}\`)`);

    // A second name, claimed but not proved, is not routed beside it.
    const unproved = await call('POST', `/projects/${project.id}/domains`, owner, { hostname: `api.${project.slug}.test` });
    expect(unproved.status).toBe(201);
    expect(await routedHosts(project.slug)).toBe(`Host(\`${project.slug}.localhost\`) || Host(\`${hostname}\`)`);

    expect((await call('DELETE', `/projects/${project.id}/domains/${added.json!.id}`, owner)).status).toBe(204);
    expect(await routedHosts(project.slug)).toBe(`Host(\`${project.slug}.localhost\`)`);
    expect((await call('DELETE', `/projects/${project.id}/domains/${added.json!.id}`, owner)).status).toBe(404);
  });

  it('refuses a name under the apps domain, a malformed one, or one added twice, naming the field', async () => {
    const owner = await store.newUser('bad-domains');
    const project = await store.newProject(owner, 'bad-domains');
    expect((await call('POST', `/projects/${project.id}/domains`, owner, { hostname: 'own.example' })).status).toBe(201);
    for (const hostname of ['another.localhost', 'localhost', 'not a host', 'own.example']) {
      const refused = await call('POST', `/projects/${project.id}/domains`, owner, { hostname });
      expect(refused.status, hostname).toBe(400);
      expect(refused.json!.error.field, hostname).toBe('hostname');
    }
    expect((await call('GET', `/projects/${project.id}/domains`, owner)).json!.map((d: { hostname: string }) => d.hostname)).toEqual(['own.example']);
  });
});

describe('deployments', () => {
  it('lists a project’s deployments newest first, of a status or a branch when asked', async () => {
    const owner = await store.newUser('filters');
    const project = await store.newProject(owner, 'filters');
    const at = (m: number) => new Date(Date.now() - m * 60_000);
    const a = await deploymentOf(project.id, { status: 'ready', branch: 'main', createdAt: at(3) });
    const b = await deploymentOf(project.id, { status: 'failed', branch: 'feature', createdAt: at(2) });
    const c = await deploymentOf(project.id, { status: 'ready', branch: 'feature', createdAt: at(1) });
    const ids = async (query: string) => ((await call('GET', `/projects/${project.id}/deployments${query}`, owner)).json as Array<{ id: string }>).map((d) => d.id);
    expect(await ids('')).toEqual([c.id, b.id, a.id]);
    expect(await ids('?status=ready')).toEqual([c.id, a.id]);
    expect(await ids('?branch=feature')).toEqual([c.id, b.id]);
    expect(await ids('?status=failed&branch=main')).toEqual([]);
    expect((await call('GET', `/projects/${project.id}/deployments?status=sideways`, owner)).json).toMatchObject({ error: { field: 'status' } });
  });

  it('redeploys the commit and branch a deployment built, and refuses one that never checked a commit out', async () => {
    const owner = await store.newUser('redeploy');
    const project = await store.newProject(owner, 'redeploy');
    const built = await deploymentOf(project.id, { status: 'ready', branch: 'release', commitSha: 'c'.repeat(40) });
    const redeployed = await call('POST', `/projects/${project.id}/deployments/${built.id}/redeploy`, owner);
    expect(redeployed.status).toBe(202);
    expect(redeployed.json).toMatchObject({ status: 'queued', trigger: 'manual', branch: 'release' });
    expect((await store.queue.getJob(redeployed.json!.id))!.data.revision).toEqual({ kind: 'commit', sha: 'c'.repeat(40) });

    const never = await deploymentOf(project.id, { status: 'failed' });
    const refused = await call('POST', `/projects/${project.id}/deployments/${never.id}/redeploy`, owner);
    expect(refused.status).toBe(409);
  });

  it('cancels a queued build once, and refuses to cancel one past building', async () => {
    const owner = await store.newUser('cancel');
    const project = await store.newProject(owner, 'cancel');
    const live = await deploymentOf(project.id, { status: 'ready' });
    const refused = await call('POST', `/projects/${project.id}/deployments/${live.id}/cancel`, owner);
    expect(refused.status).toBe(409);
    expect(refused.json!.error.message).toContain('ready');
    expect((await call('GET', `/projects/${project.id}/deployments/${live.id}`, owner)).json).toMatchObject({ status: 'ready' });

    const queued = await call('POST', `/projects/${project.id}/deployments`, owner);
    expect((await call('POST', `/projects/${project.id}/deployments/${queued.json!.id}/cancel`, owner)).status).toBe(204);
    expect((await call('GET', `/projects/${project.id}/deployments/${queued.json!.id}`, owner)).json).toMatchObject({ status: 'canceled', error: `canceled by ${owner.email}` });
  });

  it('streams a finished build’s log, from where a reconnecting viewer stands, then its end', async () => {
    const owner = await store.newUser('logs');
    const project = await store.newProject(owner, 'logs');
    const failed = await deploymentOf(project.id, { status: 'failed' });
    const at = new Date();
    await store.test.db.insert(buildLogLines).values([
      { deploymentId: failed.id, streamMs: 1000, streamSeq: 0, at, step: 1, stream: 'step', text: 'RUN npm ci' },
      { deploymentId: failed.id, streamMs: 1000, streamSeq: 1, at, step: 1, stream: 'stderr', text: 'npm ERR! missing script' },
    ]);
    const path = `/projects/${project.id}/deployments/${failed.id}/build-logs`;
    const read = async (headers: Record<string, string> = {}, query = '') => {
      const response = await store.app.request(`${ORIGIN}/api${path}${query}`, { headers: { cookie: owner.cookie!, ...headers } });
      return { status: response.status, text: await response.text() };
    };
    const whole = await read();
    expect(whole.status).toBe(200);
    expect(whole.text).toContain('id: 1000-0\n');
    expect(whole.text).toContain('"text":"npm ERR! missing script"');
    expect(whole.text).toContain('event: end\ndata: {"status":"failed"}');
    const resumed = await read({ 'last-event-id': '1000-0' });
    expect(resumed.text).not.toContain('RUN npm ci');
    expect(resumed.text).toContain('id: 1000-1\n');
    expect((await read({}, '?lastEventId=1000-1')).text).not.toContain('npm ERR!');
    const malformed = await read({ 'last-event-id': 'yesterday' });
    expect(malformed.status).toBe(400);
    expect(malformed.text).toContain('Last-Event-ID');
  });
});

describe('detections', () => {
  it('answers 504 when no builder answers in time, and refuses a repository it may not clone naming the field', async () => {
    const user = await store.newUser('detector');
    // A detection this install's builder never takes: its queue has no worker here.
    const { app } = controlApp({ ...store.parts, allowLocalSources: false, detectTimeoutMs: 600 });
    const detect = async (body: unknown) => {
      const response = await app.request(`${ORIGIN}/api/detections`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', cookie: user.cookie!, origin: ORIGIN },
        body: JSON.stringify(body),
      });
      return { status: response.status, json: (await response.json()) as { error: { message: string; field?: string } } };
    };
    const late = await detect({ repository: 'https://github.com/someone/app.git' });
    expect(late.status).toBe(504);
    expect(late.json.error.message).toBe('the builder did not answer within 1 s; try again');
    const local = await detect({ repository: '/srv/secrets' });
    expect(local.status).toBe(400);
    expect(local.json.error.field).toBe('repository');
    expect((await detect({ repository: 'https://github.com/someone/app.git', extra: 1 })).status).toBe(400);
  });
});
