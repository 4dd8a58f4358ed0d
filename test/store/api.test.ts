import { randomBytes } from 'node:crypto';
import { eq, inArray } from 'drizzle-orm';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { dashboardSite } from '../../control/src/api/dashboard-site.js';
import { MAX_BODY_BYTES } from '../../control/src/api/index.js';
import { openApiPath } from '../../control/src/api/openapi.js';
import { type ControlParts, controlApp } from '../../control/src/control-app.js';
import { createSession } from '../../control/src/auth/tokens.js';
import { apiTokens, deployments, domains, envVars, invites, projects, users } from '../../control/src/db/schema.js';
import { shortId } from '../../control/src/routing/deployment-hosts.js';
import { LOGIN_PER_ACCOUNT, LOGIN_PER_ACCOUNT_FROM_NETWORK, LOGIN_PER_NETWORK, SIGN_UP_PER_ACCOUNT, SIGN_UP_PER_NETWORK } from '../../control/src/auth/rate-limit.js';
import { challengeName } from '../../control/src/projects/domains.js';
import type { TestDatabase } from '../support/database.js';
import { TEST_APP_LIMITS } from '../support/platform.js';
import { type Caller, ORIGIN, someNetwork, type StoreApp, useStoreApp } from '../support/store-app.js';

// The API as a browser and a script use it, against the real Postgres and Redis: bad input is
// refused naming its field with nothing written, and nobody reaches another user's project.

let store: StoreApp;
let test: TestDatabase;
let app: StoreApp['app'];
let api: StoreApp['api'];
let parts: ControlParts;
let dnsTxt: Map<string, string>;

const call: StoreApp['call'] = (...args) => store.call(...args);

async function signUp(email: string, invite?: string): Promise<Caller> {
  const reply = await call('POST', '/auth/signup', {}, { email, password: 'a long enough password', ...(invite !== undefined && { invite }) }, someNetwork());
  expect(reply.status, JSON.stringify(reply.json)).toBe(200);
  return { cookie: reply.headers.get('set-cookie')!.split(';')[0]! };
}

async function logIn(email: string, password: string): Promise<Caller> {
  const reply = await call('POST', '/auth/login', {}, { email, password }, someNetwork());
  expect(reply.status).toBe(200);
  return { cookie: reply.headers.get('set-cookie')!.split(';')[0]! };
}

const run = randomBytes(3).toString('hex');
let alice: Caller;
let bob: Caller;
let statusBeforeAnyone: unknown;
let statusAfterTheAdmin: unknown;

/** A user of the test's own, invited by the admin so that it signs up whether sign-up is open or not. */
async function newUser(name: string): Promise<Caller> {
  const email = `${name}-${randomBytes(3).toString('hex')}-${run}@example.com`;
  const invite = await call('POST', '/admin/invites', alice, { email });
  return signUp(email, invite.json!.token);
}

/** A project of its own for a test, of `owner`. */
async function newProject(owner: Caller, name: string): Promise<{ id: string; slug: string }> {
  const created = await call('POST', '/projects', owner, { slug: `${name}-${randomBytes(3).toString('hex')}`, repository: `/srv/${name}` });
  expect(created.status, JSON.stringify(created.json)).toBe(201);
  return created.json as { id: string; slug: string };
}

/** Sign-up is one setting for the whole install: each test that cares sets it. */
async function setSignUpOpen(open: boolean): Promise<void> {
  expect((await call('PUT', '/admin/sign-up', alice, { open })).status).toBe(200);
}

useStoreApp(async (started) => {
  store = started;
  ({ test, app, api, parts } = store);
  dnsTxt = store.dns.txt;
  statusBeforeAnyone = (await call('GET', '/auth/status')).json;
  alice = await signUp(`alice-${run}@example.com`);
  statusAfterTheAdmin = (await call('GET', '/auth/status')).json;
  const invite = await call('POST', '/admin/invites', alice, { email: `bob-${run}@example.com` });
  bob = await signUp(`bob-${run}@example.com`, invite.json!.token);
});

beforeEach(() => {
  ({ app, api } = store);
});

describe('sign-up', () => {
  it('tells the dashboard that the first account is yet to be made, then that sign-up takes an invite', async () => {
    expect(statusBeforeAnyone).toEqual({ signUp: 'first-run', github: false });
    expect(statusAfterTheAdmin).toEqual({ signUp: 'invite-only', github: false });
  });

  it('refuses a stranger who signs up once the admin exists, and writes nothing', async () => {
    await setSignUpOpen(false);
    const refused = await call('POST', '/auth/signup', {}, { email: `stranger-${run}@example.com`, password: 'a long enough password' }, someNetwork());
    expect(refused.status).toBe(403);
    expect(refused.json).toMatchObject({ error: { field: 'invite', message: expect.stringContaining('invite') } });
    expect(refused.headers.get('set-cookie')).toBeNull();
    expect((await call('POST', '/auth/login', {}, { email: `stranger-${run}@example.com`, password: 'a long enough password' }, someNetwork())).status).toBe(401);
  });

  it('lets an invite in once, for its own address, and never once it expired', async () => {
    const forCarol = (await call('POST', '/admin/invites', alice, { email: `carol-${run}@example.com`, expiresInHours: 1 })).json!;
    expect(forCarol.token).toMatch(/^invite_/);
    const stolen = await call('POST', '/auth/signup', {}, { email: `mallory-${run}@example.com`, password: 'a long enough password', invite: forCarol.token }, someNetwork());
    expect(stolen.json).toMatchObject({ error: { field: 'invite', message: expect.stringContaining('another email') } });
    await signUp(`carol-${run}@example.com`, forCarol.token);
    const reused = await call('POST', '/auth/signup', {}, { email: `carol2-${run}@example.com`, password: 'a long enough password', invite: forCarol.token }, someNetwork());
    expect(reused.json).toMatchObject({ error: { field: 'invite', message: expect.stringContaining('used') } });

    const anyone = (await call('POST', '/admin/invites', alice, {})).json!;
    await test.db.update(invites).set({ expiresAt: new Date(Date.now() - 1000) }).where(eq(invites.id, anyone.id));
    const late = await call('POST', '/auth/signup', {}, { email: `late-${run}@example.com`, password: 'a long enough password', invite: anyone.token }, someNetwork());
    expect(late.json).toMatchObject({ error: { field: 'invite', message: expect.stringContaining('expired') } });

    const listed = (await call('GET', '/admin/invites', alice)).json as Array<Record<string, unknown>>;
    expect(listed.find((i) => i.id === forCarol.id)).toMatchObject({ email: `carol-${run}@example.com`, usedAt: expect.any(String) });
    expect(JSON.stringify(listed)).not.toContain(forCarol.token);
    expect((await call('DELETE', `/admin/invites/${anyone.id}`, alice)).status).toBe(204);
    expect((await call('DELETE', `/admin/invites/${forCarol.id}`, alice)).status).toBe(404);
  });

  it('answers 403 to anyone but the admin on every admin route, as listed in the route table', async () => {
    await setSignUpOpen(false);
    const routes = api.routes.filter((r) => r.path.startsWith('/admin') && r.method !== 'ALL');
    expect(routes.length).toBeGreaterThanOrEqual(5);
    for (const route of routes) {
      const path = route.path.replace(':inviteId', '00000000-0000-4000-8000-000000000000').replace(/^\/api/, '');
      const reply = await call(route.method, path, bob, ['POST', 'PUT'].includes(route.method) ? { open: true } : undefined);
      expect(reply.status, `${route.method} ${route.path}`).toBe(403);
    }
    expect((await call('GET', '/auth/status')).json).toMatchObject({ signUp: 'invite-only' });
  });

  it('refuses to open sign-up or invite anyone with an API token, even the admin’s', async () => {
    await setSignUpOpen(false);
    const { json } = await call('POST', '/tokens', alice, { name: 'admin script' });
    expect((await call('PUT', '/admin/sign-up', { token: json!.token }, { open: true })).status).toBe(403);
    expect((await call('POST', '/admin/invites', { token: json!.token }, {})).status).toBe(403);
    expect((await call('GET', '/admin/sign-up', { token: json!.token })).json).toEqual({ signUp: 'invite-only', open: false });
  });

  it('lets anyone sign up once the admin opens it', async () => {
    await setSignUpOpen(false);
    expect((await call('PUT', '/admin/sign-up', alice, { open: true })).json).toEqual({ signUp: 'open', open: true });
    expect((await call('GET', '/auth/status')).json).toEqual({ signUp: 'open', github: false });
    await signUp(`opened-${run}@example.com`);
  });

  it('keeps the name a user signs up with, and refuses one too long naming it', async () => {
    await setSignUpOpen(true);
    const named = await call('POST', '/auth/signup', {}, { name: '  Ada Lovelace ', email: `ada-${run}@example.com`, password: 'a long enough password' }, someNetwork());
    expect(named.json).toMatchObject({ name: 'Ada Lovelace' });
    const session = { cookie: named.headers.get('set-cookie')!.split(';')[0]! };
    expect((await call('GET', '/me', session)).json).toMatchObject({ name: 'Ada Lovelace', email: `ada-${run}@example.com` });
    const long = await call('POST', '/auth/signup', {}, { name: 'x'.repeat(101), email: `long-${run}@example.com`, password: 'a long enough password' }, someNetwork());
    expect(long.json).toMatchObject({ error: { field: 'name' } });
  });
});

describe('accounts', () => {
  it('makes the first account the admin, and no other', async () => {
    expect((await call('GET', '/me', alice)).json).toMatchObject({ email: `alice-${run}@example.com`, isAdmin: true });
    expect((await call('GET', '/me', bob)).json).toMatchObject({ isAdmin: false });
  });

  it('sets the session cookie HttpOnly and SameSite, and forgets it on logout', async () => {
    const reply = await call('POST', '/auth/login', {}, { email: `ALICE-${run}@example.com`, password: 'a long enough password' }, someNetwork());
    const cookie = reply.headers.get('set-cookie')!;
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Lax/);
    const session = { cookie: cookie.split(';')[0]! };
    expect((await call('POST', '/auth/logout', session)).status).toBe(204);
    expect((await call('GET', '/me', session)).status).toBe(401);
  });

  it('refuses bad sign-ups naming the field', async () => {
    await setSignUpOpen(true);
    expect((await call('POST', '/auth/signup', {}, { email: 'not-an-email', password: 'a long enough password' })).json).toMatchObject({ error: { field: 'email' } });
    expect((await call('POST', '/auth/signup', {}, { email: `c-${run}@example.com`, password: 'short' })).json).toMatchObject({ error: { field: 'password' } });
    const taken = await call('POST', '/auth/signup', {}, { email: `alice-${run}@example.com`, password: 'a long enough password' }, someNetwork());
    expect(taken.status).toBe(400);
    expect(taken.json).toMatchObject({ error: { field: 'email' } });
  });

  it('authenticates scripts with an API token, and refuses a made-up one', async () => {
    const { json } = await call('POST', '/tokens', alice, { name: 'ci' });
    expect((await call('GET', '/me', { token: json!.token })).json).toMatchObject({ email: `alice-${run}@example.com` });
    expect((await call('GET', '/me', { token: 'aether_made_up' })).status).toBe(401);
  });

  it('lists API tokens without their secret, and a revoked or expired token opens nothing', async () => {
    const dave = await newUser('tokens');
    const kept = (await call('POST', '/tokens', dave, { name: 'deploy', expiresInDays: 30 })).json!;
    const revoked = (await call('POST', '/tokens', dave, { name: 'old laptop' })).json!;
    expect((await call('GET', '/me', { token: kept.token })).status).toBe(200);

    const listed = (await call('GET', '/tokens', dave)).json as Array<Record<string, unknown>>;
    expect(listed.map((t) => t.name)).toEqual(['old laptop', 'deploy']);
    expect(listed[1]).toEqual({ id: kept.id, name: 'deploy', createdAt: expect.any(String), lastUsedAt: expect.any(String), expiresAt: expect.any(String) });
    expect(JSON.stringify(listed)).not.toContain(kept.token);
    expect((await call('DELETE', `/tokens/${revoked.id}`, bob)).status).toBe(404);

    expect((await call('DELETE', `/tokens/${revoked.id}`, dave)).status).toBe(204);
    expect((await call('GET', '/me', { token: revoked.token })).status).toBe(401);
    await test.db.update(apiTokens).set({ expiresAt: new Date(Date.now() - 1000) }).where(eq(apiTokens.id, kept.id));
    expect((await call('GET', '/me', { token: kept.token })).status).toBe(401);
  });

  it('refuses to mint a token with a token, so a leaked one cannot outlive its revocation', async () => {
    const { json } = await call('POST', '/tokens', alice, { name: 'ci' });
    const minted = await call('POST', '/tokens', { token: json!.token }, { name: 'successor' });
    expect(minted.status).toBe(403);
    expect((await call('GET', '/tokens', alice)).json!.map((t: { name: string }) => t.name)).not.toContain('successor');
  });

  it('changes the password only for whoever knows the current one, and signs every other browser out', async () => {
    const email = `changer-${run}@example.com`;
    const here = await signUp(email, (await call('POST', '/admin/invites', alice, { email })).json!.token);
    const elsewhere = await logIn(email, 'a long enough password');
    const wrong = await call('POST', '/auth/password', here, { currentPassword: 'not the password', newPassword: 'a brand new password' });
    expect(wrong.json).toMatchObject({ error: { field: 'currentPassword' } });
    expect((await call('GET', '/me', elsewhere)).status).toBe(200);

    expect((await call('POST', '/auth/password', here, { currentPassword: 'a long enough password', newPassword: 'a brand new password' })).status).toBe(204);
    expect((await call('GET', '/me', elsewhere)).status).toBe(401);
    expect((await call('GET', '/me', here)).status).toBe(200);
    expect((await call('POST', '/auth/login', {}, { email, password: 'a long enough password' }, someNetwork())).status).toBe(401);
    await logIn(email, 'a brand new password');
  });

  it('signs a user out of every browser at once, leaving other users signed in', async () => {
    const email = `everywhere-${run}@example.com`;
    const [one, two] = [await signUp(email, (await call('POST', '/admin/invites', alice, { email })).json!.token), await logIn(email, 'a long enough password')];
    // A token that leaked into a CI log cannot throw its user out of every browser.
    const token = (await call('POST', '/tokens', one, { name: 'ci' })).json!.token as string;
    expect((await call('POST', '/auth/logout-everywhere', { token })).status).toBe(403);
    expect((await call('GET', '/me', two)).status).toBe(200);
    expect((await call('POST', '/auth/logout-everywhere', one)).status).toBe(204);
    expect((await call('GET', '/me', one)).status).toBe(401);
    expect((await call('GET', '/me', two)).status).toBe(401);
    expect((await call('GET', '/me', alice)).status).toBe(200);
  });

  it('refuses a cross-site form post made with the session cookie', async () => {
    const reply = await app.request(`${ORIGIN}/api/projects`, {
      method: 'POST',
      headers: { cookie: alice.cookie!, origin: 'https://evil.example', 'content-type': 'application/x-www-form-urlencoded' },
      body: 'slug=evil',
    });
    expect(reply.status).toBe(403);
  });
});

describe('projects', () => {
  it('refuses bad fields naming them, and writes nothing', async () => {
    const carla = await newUser('carla');
    const valid = { slug: `shop-${run}`, repository: '/srv/shop' };
    for (const [body, field] of [
      [{ ...valid, slug: 'Not A Label' }, 'slug'],
      [{ ...valid, repository: 'ext::sh -c touch% /tmp/pwned' }, 'repository'],
      [{ ...valid, branch: '--upload-pack=evil' }, 'branch'],
      [{ ...valid, rootDirectory: '../../etc' }, 'rootDirectory'],
      [{ ...valid, settings: { buildCommand: 'npm run build\nRUN curl evil' } }, 'settings.buildCommand'],
      [{ ...valid, settings: { port: 70000 } }, 'settings.port'],
      [{ ...valid, extra: true }, 'body'],
    ] as const) {
      const reply = await call('POST', '/projects', carla, body);
      expect(reply.status, JSON.stringify(body)).toBe(400);
      expect(reply.json!.error.field, JSON.stringify(body)).toBe(field);
    }
    expect((await call('GET', '/projects', carla)).json).toEqual([]);
  });

  it('creates, reads, updates and refuses a taken slug', async () => {
    const creator = await newUser('creator');
    const created = await call('POST', '/projects', creator, { slug: `shop-${run}`, repository: '/srv/shop', settings: { port: 8080 } });
    expect(created.status).toBe(201);
    // The test platform's apps live under localhost, its dashboard at ORIGIN.
    expect(created.json).toMatchObject({ url: `http://shop-${run}.localhost` });
    const id = created.json!.id as string;
    expect((await call('PATCH', `/projects/${id}`, creator, { branch: 'release' })).json).toMatchObject({ branch: 'release', settings: { port: 8080 }, url: `http://shop-${run}.localhost` });
    expect((await call('GET', '/projects', creator)).json!.map((p: { id: string; url: string }) => [p.id, p.url])).toEqual([[id, `http://shop-${run}.localhost`]]);
    expect((await call('GET', `/projects/${id}`, creator)).json).toMatchObject({ url: `http://shop-${run}.localhost` });
    const taken = await call('POST', '/projects', bob, { slug: `shop-${run}`, repository: '/srv/other' });
    expect(taken.status).toBe(409);
    expect(taken.json).toMatchObject({ error: { field: 'slug' } });
  });

  it('refuses a project asking for a terabyte of memory or 256 CPUs, naming the field, and writes nothing', async () => {
    const erin = await newUser('erin');
    const greedy = { slug: `greedy-${run}`, repository: '/srv/app' };
    for (const [settings, field] of [
      [{ memoryMb: 1_048_576 }, 'settings.memoryMb'],
      [{ memoryMb: TEST_APP_LIMITS.maxMemoryMb + 1 }, 'settings.memoryMb'],
      [{ cpus: 256 }, 'settings.cpus'],
    ] as const) {
      const reply = await call('POST', '/projects', erin, { ...greedy, settings });
      expect(reply.status, JSON.stringify(settings)).toBe(400);
      expect(reply.json!.error.field, JSON.stringify(settings)).toBe(field);
    }
    expect((await call('GET', '/projects', erin)).json).toEqual([]);

    const created = await call('POST', '/projects', erin, { ...greedy, settings: { memoryMb: TEST_APP_LIMITS.maxMemoryMb, cpus: TEST_APP_LIMITS.maxCpus } });
    expect(created.status).toBe(201);
    const refused = await call('PATCH', `/projects/${created.json!.id as string}`, erin, { settings: { cpus: 256 } });
    expect(refused.status).toBe(400);
    expect(refused.json).toMatchObject({ error: { field: 'settings.cpus' } });
    expect((await call('GET', `/projects/${created.json!.id as string}`, erin)).json).toMatchObject({ settings: { cpus: TEST_APP_LIMITS.maxCpus } });
  });

  it('lists projects a page at a time, newest first, linking the next page', async () => {
    const dave = await newUser('dave');
    const slugs = ['one', 'two', 'three'].map((name) => `${name}-${run}`);
    for (const slug of slugs) expect((await call('POST', '/projects', dave, { slug, repository: '/srv/app' })).status).toBe(201);

    const first = await call('GET', '/projects?perPage=2', dave);
    expect(first.json!.map((p: { slug: string }) => p.slug)).toEqual([slugs[2], slugs[1]]);
    const next = /^<\/api(\/projects\?[^>]+)>; rel="next"$/.exec(first.headers.get('link') ?? '')![1]!;
    const last = await call('GET', next, dave);
    expect(last.json!.map((p: { slug: string }) => p.slug)).toEqual([slugs[0]]);
    expect(last.headers.get('link')).toBeNull();
    expect((await call('GET', '/projects?perPage=0', dave)).json).toMatchObject({ error: { field: 'perPage' } });
  });

  it('keeps variables write-only, and imports a .env only when every line is valid', async () => {
    const project = await newProject(alice, 'variables');
    expect((await call('PUT', `/projects/${project!.id}/env`, alice, { key: 'API_KEY', value: 'sk_live_123', scope: 'production' })).status).toBe(204);
    const listed = await call('GET', `/projects/${project!.id}/env`, alice);
    expect(listed.json).toEqual([{ key: 'API_KEY', scope: 'production', secret: true }]);
    expect(JSON.stringify(listed.json)).not.toContain('sk_live_123');

    const bad = await call('POST', `/projects/${project!.id}/env/import`, alice, { text: 'GOOD=1\n1BAD=2\n', scope: 'build' });
    expect(bad.status).toBe(400);
    expect(bad.json).toMatchObject({ error: { field: 'key' } });
    expect((await call('GET', `/projects/${project!.id}/env`, alice)).json).toHaveLength(1);
    expect((await call('POST', `/projects/${project!.id}/env/import`, alice, { text: 'A=1\nB="two words"\n', scope: 'build' })).json).toEqual({ imported: ['A', 'B'] });
  });

  it('queues a deployment, and cancels it once', async () => {
    const project = await newProject(alice, 'queued');
    const queued = await call('POST', `/projects/${project!.id}/deployments`, alice);
    expect(queued.status).toBe(202);
    expect(queued.json).toMatchObject({ status: 'queued', trigger: 'manual' });
    // Its own host, which the test platform's apps domain serves over plain HTTP.
    const url = `http://${shortId(queued.json!.id)}--${project!.slug}.localhost`;
    expect(queued.json!.url).toBe(url);
    expect((await call('GET', `/projects/${project!.id}/deployments`, alice)).json).toContainEqual(expect.objectContaining({ id: queued.json!.id, url }));
    const path = `/projects/${project!.id}/deployments/${queued.json!.id}`;
    expect((await call('POST', `${path}/cancel`, alice)).status).toBe(204);
    expect((await call('GET', path, alice)).json).toMatchObject({ status: 'canceled', durations: { queuedMs: null, buildMs: null, deployMs: null, totalMs: null } });
    expect((await call('POST', `${path}/cancel`, alice)).status).toBe(409);
    expect((await call('POST', `${path}/rollback`, alice)).status).toBe(409);
  });
});

describe("another user's project", () => {
  /** A project with one of everything a route names by ID: a deployment, a domain, a variable. */
  async function projectOf(owner: Caller, name: string) {
    const slug = `${name}-${randomBytes(3).toString('hex')}`;
    const project = (await call('POST', '/projects', owner, { slug, repository: `/srv/${name}` })).json!.id as string;
    const key = `KEY_${name.replace(/\W/g, '_').toUpperCase()}`;
    expect((await call('PUT', `/projects/${project}/env`, owner, { key, value: `${name}-value`, scope: 'production' })).status).toBe(204);
    const domain = (await call('POST', `/projects/${project}/domains`, owner, { hostname: `www.${slug}.test` })).json!.id as string;
    const [deployment] = await test.db.insert(deployments).values({ projectId: project, trigger: 'manual', imageTag: `aether-test/${slug}`, status: 'queued' }).returning();
    return { projectId: project, deploymentId: deployment!.id, domainId: domain, key, scope: 'production' };
  }

  /** The routes that name a project, as the API serves them. */
  const projectRoutes = () => api.routes.filter((r) => r.path.includes(':projectId') && r.method !== 'ALL');

  /** The status only: a route that streams (logs) is not read on, and one that refuses has nothing to read. */
  async function statusOf(method: string, path: string, who: Caller): Promise<number> {
    const response = await app.request(`${ORIGIN}/api${path}`, {
      method,
      headers: { cookie: who.cookie!, origin: ORIGIN, ...(['POST', 'PUT', 'PATCH'].includes(method) && { 'content-type': 'application/json' }) },
      ...(['POST', 'PUT', 'PATCH'].includes(method) && { body: '{}' }),
    });
    await response.body?.cancel();
    return response.status;
  }

  /** Every row a route could change, of every project given. */
  async function everything(projectIds: string[]) {
    const rows = await Promise.all([
      test.db.select().from(deployments).where(inArray(deployments.projectId, projectIds)),
      test.db.select().from(domains).where(inArray(domains.projectId, projectIds)),
      test.db.select().from(envVars).where(inArray(envVars.projectId, projectIds)),
      test.db.select().from(projects).where(inArray(projects.id, projectIds)),
    ]);
    return rows.map((table) => [...table].sort((x, y) => x.id.localeCompare(y.id)));
  }

  const pathOf = (route: { path: string }, params: Record<string, string>) =>
    route.path.replace(/:(\w+)/g, (_, name: string) => {
      expect(params[name], `${route.path} names :${name}`).toBeDefined();
      return params[name]!;
    });

  it('answers 404 on every route that names a project, as listed in the route table', async () => {
    const [owner, stranger] = [await newUser('owner'), await newUser('stranger')];
    const owned = await projectOf(owner, 'owned');
    const before = await everything([owned.projectId]);

    const routes = projectRoutes();
    expect(routes.length).toBeGreaterThanOrEqual(15);
    for (const route of routes) {
      expect(await statusOf(route.method, pathOf(route, owned), stranger), `${route.method} ${route.path}`).toBe(404);
    }
    expect(await everything([owned.projectId])).toEqual(before);
    // The owner's own request, made the same way, finds it.
    expect(await statusOf('GET', pathOf({ path: '/projects/:projectId/deployments/:deploymentId' }, owned), owner)).toBe(200);
  });

  it('answers 404 to every mix of IDs a route carries, one of them not of the project named, and changes nothing', async () => {
    const [me, other] = [await newUser('me'), await newUser('other')];
    const [mine, myOther, theirs] = [await projectOf(me, 'mine'), await projectOf(me, 'my-other'), await projectOf(other, 'theirs')];
    const before = await everything([mine.projectId, myOther.projectId, theirs.projectId]);

    // Each route naming a project and something in it, with the something taken from elsewhere.
    const routes = projectRoutes().filter((r) => /:(?!projectId\b)\w+/.test(r.path.replace(/:scope\b/, '')));
    expect(routes.map((r) => `${r.method} ${r.path}`)).toEqual(
      expect.arrayContaining([
        'GET /projects/:projectId/deployments/:deploymentId',
        'POST /projects/:projectId/deployments/:deploymentId/cancel',
        'POST /projects/:projectId/deployments/:deploymentId/rollback',
        'GET /projects/:projectId/deployments/:deploymentId/build-logs',
        'POST /projects/:projectId/domains/:domainId/verify',
        'DELETE /projects/:projectId/domains/:domainId',
        'DELETE /projects/:projectId/env/:scope/:key',
      ]),
    );
    const mixes = {
      "my project, another user's": { ...theirs, projectId: mine.projectId },
      "another user's project, mine": { ...mine, projectId: theirs.projectId },
      'my project, my other project’s': { ...myOther, projectId: mine.projectId },
    };
    for (const route of routes) {
      for (const [mix, params] of Object.entries(mixes)) {
        expect(await statusOf(route.method, pathOf(route, params), me), `${route.method} ${route.path}: ${mix}`).toBe(404);
      }
    }
    expect(await everything([mine.projectId, myOther.projectId, theirs.projectId])).toEqual(before);
    // Unmixed, the same IDs find what they name.
    expect(await statusOf('GET', pathOf({ path: '/projects/:projectId/deployments/:deploymentId' }, mine), me)).toBe(200);
  });
});

describe('every response', () => {
  it('serves every response with strict security headers', async () => {
    const reply = await app.request(`${ORIGIN}/api/me`);
    expect(reply.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
    expect(reply.headers.get('x-content-type-options')).toBe('nosniff');
  });
});

describe('the OpenAPI document', () => {
  it('describes every route the API serves, and no route it does not, each under a name of its own', async () => {
    const reply = await call('GET', '/openapi.json');
    const operations = Object.entries(reply.json!.paths as Record<string, Record<string, { operationId?: string }>>).flatMap(([path, methods]) =>
      Object.entries(methods).map(([method, operation]) => ({ route: `${method.toUpperCase()} ${path}`, operationId: operation.operationId })),
    );
    const served = api.routes.filter((r) => r.method !== 'ALL').map((r) => `${r.method} ${openApiPath(r.path)}`);

    expect(reply.json!.openapi).toBe('3.1.0');
    expect(reply.json!.servers).toEqual([{ url: '/api' }]);
    expect(new Set(operations.map((o) => o.route))).toEqual(new Set(served));
    expect(operations.filter((o) => typeof o.operationId !== 'string').map((o) => o.route)).toEqual([]);
    expect(new Set(operations.map((o) => o.operationId)).size).toBe(operations.length);
  });

  it('gives each request body the schema the API checks it against', async () => {
    const paths = (await call('GET', '/openapi.json')).json!.paths;
    const signup = paths['/auth/signup'].post.requestBody.content['application/json'].schema;
    expect(signup.required).toEqual(['email', 'password']);
    expect(signup.properties.password.minLength).toBe(10);
    // What the document calls required is what the API refuses without.
    const refused = await call('POST', '/auth/signup', {}, { email: `carol-${run}@example.com` });
    expect(refused.json!.error.field).toBe('password');
    expect(paths['/projects/{projectId}'].patch.parameters).toContainEqual({ name: 'projectId', in: 'path', required: true, schema: { type: 'string' } });
  });
});

/** A user signed in straight through the database, as a session the API made would be. */
async function sessionOf(email: string): Promise<{ id: string; token: string }> {
  const [user] = await test.db.insert(users).values({ email }).returning();
  return { id: user!.id, token: (await createSession(test.db, user!.id)).token };
}

describe('host names', () => {
  it('refuses a slug shaped like another project’s deployment host, with 400 naming the field, and writes nothing', async () => {
    const mallory = await newUser('mallory');
    const victim = await call('POST', '/projects', alice, { slug: `blog-${run}`, repository: '/srv/blog' });
    const [deployment] = await test.db.insert(deployments).values({ projectId: victim.json!.id, trigger: 'manual', imageTag: `blog-${run}:1` }).returning();
    // The hex is public: every response of the deployment carries it in X-Aether-Deployment.
    const hex = shortId(deployment!.id);
    for (const slug of [`${hex}--blog-${run}`, `${hex}-blog-${run}`]) {
      const reply = await call('POST', '/projects', mallory, { slug, repository: '/srv/evil' });
      expect(reply.status, slug).toBe(400);
      expect(reply.json!.error.field, slug).toBe('slug');
    }
    expect((await call('GET', '/projects', mallory)).json).toEqual([]);
  });

  it('keeps a project’s slug for life, so its host is never freed for someone else', async () => {
    const project = await newProject(alice, 'for-life');
    const renamed = await call('PATCH', `/projects/${project!.id}`, alice, { slug: `renamed-${run}` });
    expect(renamed.status).toBe(400);
    expect(renamed.json!.error.field).toBe('slug');
    expect((await call('GET', `/projects/${project!.id}`, alice)).json!.slug).toBe(project!.slug);
    expect((await call('PATCH', `/projects/${project!.id}`, alice, { slug: project!.slug, branch: 'main' })).status).toBe(200);
  });

  it('refuses the dashboard’s own host, and the names under it, as a custom domain', async () => {
    const project = await newProject(alice, 'dashboard-host');
    for (const hostname of ['aether.test', 'x.aether.test']) {
      const reply = await call('POST', `/projects/${project!.id}/domains`, alice, { hostname });
      expect(reply.status, hostname).toBe(400);
      expect(reply.json!.error.field, hostname).toBe('hostname');
    }
  });
});

describe('the dashboard’s session, with apps on sibling hosts', () => {
  // Over HTTPS (and on localhost) the session is a __Host- cookie, which no other host can set.
  const site = 'https://aether.localhost';
  let secure: ReturnType<typeof controlApp>['app'];
  const request = (path: string, headers: Record<string, string>, body?: unknown) =>
    secure.request(`${site}/api${path}`, {
      method: body === undefined ? 'GET' : 'POST',
      headers: { ...(body !== undefined && { 'content-type': 'application/json' }), ...headers },
      ...(body !== undefined && { body: JSON.stringify(body) }),
    });

  beforeAll(() => {
    secure = controlApp({ ...parts, dashboard: dashboardSite(site) }).app;
  });

  it('does not take a cookie an app on a sibling host could set (no __Host- prefix) as a session', async () => {
    const victim = await sessionOf(`victim-${run}@example.com`);
    const attacker = await sessionOf(`attacker-${run}@example.com`);
    expect((await request('/me', { cookie: `aether_session=${victim.token}` })).status).toBe(401);
    // An app at x.localhost plants its own session under the plain name, first in the header.
    const both = await request('/me', { cookie: `aether_session=${attacker.token}; __Host-aether_session=${victim.token}` });
    expect(await both.json()).toMatchObject({ id: victim.id });
  });

  it('sets the session as a __Host- cookie', async () => {
    const { token } = await sessionOf(`host-${run}@example.com`);
    const reply = await secure.request(`${site}/api/auth/logout`, { method: 'POST', headers: { cookie: `__Host-aether_session=${token}`, origin: site } });
    expect(reply.status).toBe(204);
    expect(reply.headers.get('set-cookie')).toMatch(/^__Host-aether_session=; Max-Age=0; Path=\/; Secure/);
  });

  it('refuses a write made with the session cookie from a sibling host’s page, whatever its content type', async () => {
    const { token } = await sessionOf(`csrf-${run}@example.com`);
    const cookie = `__Host-aether_session=${token}`;
    const sibling = { cookie, origin: 'https://x.aether.localhost', 'sec-fetch-site': 'same-site' };
    const refused = await request('/projects', sibling, { slug: `planted-${run}`, repository: '/srv/planted' });
    expect(refused.status).toBe(403);
    const own = await request('/projects', { cookie, origin: site, 'sec-fetch-site': 'same-origin' }, { slug: `own-${run}`, repository: '/srv/own' });
    expect(own.status).toBe(201);
    // The plain-HTTP dashboard too: a sibling's page posting JSON with the cookie.
    const plain = await call('POST', '/projects', alice, { slug: `planted-${run}`, repository: '/srv/planted' }, { origin: 'http://x.aether.test', 'sec-fetch-site': 'same-site' });
    expect(plain.status).toBe(403);
  });

  it('refuses a slug whose host would be the dashboard’s own', async () => {
    const { token } = await sessionOf(`dash-${run}@example.com`);
    const reply = await request('/projects', { cookie: `__Host-aether_session=${token}`, origin: site }, { slug: 'aether', repository: '/srv/dash' });
    expect(reply.status).toBe(400);
    expect(await reply.json()).toMatchObject({ error: { field: 'slug' } });
  });
});

describe('custom domains', () => {
  it('lets the project that proves a domain take it from one that only claimed it, and from one that proved it before', async () => {
    const hostname = `claimed-${run}.test`;
    const [squatter, owner] = [await newUser('squatter'), await newUser('owner')];
    const projectOf = async (who: Caller, slug: string) => (await call('POST', '/projects', who, { slug, repository: '/srv/app' })).json!.id as string;
    const [blocking, real] = [await projectOf(squatter, `squat-${run}`), await projectOf(owner, `real-${run}`)];
    const claim = await call('POST', `/projects/${blocking}/domains`, squatter, { hostname });
    expect(claim.status).toBe(201);

    const added = await call('POST', `/projects/${real}/domains`, owner, { hostname });
    expect(added.status).toBe(201);
    expect((await call('POST', `/projects/${real}/domains`, owner, { hostname })).json).toMatchObject({ error: { field: 'hostname' } });
    dnsTxt.set(challengeName(hostname), added.json!.challenge.value);
    expect((await call('POST', `/projects/${blocking}/domains/${claim.json!.id}/verify`, squatter)).json).toEqual({ verified: false });
    expect((await call('POST', `/projects/${real}/domains/${added.json!.id}/verify`, owner)).json).toEqual({ verified: true });
    expect((await call('GET', `/projects/${blocking}/domains`, squatter)).json).toEqual([]);
    expect((await call('GET', `/projects/${real}/domains`, owner)).json).toMatchObject([{ hostname, verified: true }]);

    // The name changes hands: its new owner's proof moves it, and the old holder's route goes.
    const buyer = await call('POST', `/projects/${blocking}/domains`, squatter, { hostname });
    dnsTxt.set(challengeName(hostname), buyer.json!.challenge.value);
    expect((await call('POST', `/projects/${blocking}/domains/${buyer.json!.id}/verify`, squatter)).json).toEqual({ verified: true });
    expect((await call('GET', `/projects/${real}/domains`, owner)).json).toEqual([]);
  });
});

describe("a project's deployments", () => {
  it('say which can still be rolled back to and which still answer on their own URL, as retirement keeps them', async () => {
    const owner = { cookie: `aether_session=${(await sessionOf(`kept-${run}@example.com`)).token}` };
    const project = (await call('POST', '/projects', owner, { slug: `kept-${run}`, repository: '/srv/kept' })).json!;
    const now = Date.now();
    // Seven that went live, a minute apart, oldest first, then one that failed and one building, with no container yet.
    const live = Array.from({ length: 7 }, (_, i) => ({ status: 'ready' as const, imageId: `sha256:kept-${run}-${i}`, readyAt: new Date(now - (7 - i) * 60_000) }));
    const rows = await test.db
      .insert(deployments)
      .values([...live, { status: 'failed' as const, imageId: null, readyAt: null }, { status: 'building' as const, imageId: null, readyAt: null }].map((d) => ({ ...d, projectId: project.id, trigger: 'manual' as const, imageTag: `kept-${run}:1` })))
      .returning();
    const listed = (await call('GET', `/projects/${project.id}/deployments`, owner)).json as Array<{ id: string; imageKept: boolean; containerKept: boolean }>;
    const flags = (kept: 'imageKept' | 'containerKept') => rows.map((row) => listed.find((d) => d.id === row.id)![kept]);
    // The test platform keeps 5 images and 2 running containers.
    expect(flags('imageKept')).toEqual([false, false, true, true, true, true, true, false, false]);
    expect(flags('containerKept')).toEqual([false, false, false, false, false, true, true, false, false]);
    expect((await call('GET', `/projects/${project.id}/deployments/${rows[6]!.id}`, owner)).json).toMatchObject({ imageKept: true, containerKept: true });
  });
});

describe('what a stranger can make the API spend', () => {
  const wrongPassword = (email: string, network: string) => call('POST', '/auth/login', {}, { email, password: 'not the password' }, { 'x-forwarded-for': network });

  /** Makes `count` attempts and returns the statuses, and the last reply. */
  async function attempts(count: number, attempt: (i: number) => ReturnType<typeof call>) {
    const statuses: number[] = [];
    let last: Awaited<ReturnType<typeof call>> | undefined;
    for (let i = 0; i < count; i++) {
      last = await attempt(i);
      statuses.push(last.status);
    }
    return { statuses, last: last! };
  }

  function expectRetryAfter(reply: Awaited<ReturnType<typeof call>>, windowSeconds: number) {
    expect(reply.status).toBe(429);
    const retryAfter = Number(reply.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(windowSeconds);
  }

  it('answers logins from one network past its limit with 429 and Retry-After, however the client forges X-Forwarded-For', async () => {
    const network = `203.0.113.${randomBytes(1)[0]}`;
    const { statuses, last } = await attempts(LOGIN_PER_NETWORK.attempts + 1, (i) => wrongPassword(`nobody-${i}-${run}@example.com`, `10.9.${i}.1, ${network}`));
    expect(statuses.slice(0, -1).every((status) => status === 401)).toBe(true);
    expectRetryAfter(last, LOGIN_PER_NETWORK.windowSeconds);
  });

  it('answers password guesses for one account past its limit with 429, from however many networks', async () => {
    const email = `guessed-${run}@example.com`;
    const { statuses, last } = await attempts(LOGIN_PER_ACCOUNT.attempts + 1, () => wrongPassword(email.toUpperCase(), someNetwork()['x-forwarded-for']));
    expect(statuses.slice(0, -1).every((status) => status === 401)).toBe(true);
    expectRetryAfter(last, LOGIN_PER_ACCOUNT.windowSeconds);
  });

  it('answers one network’s guesses at an account past its own limit, and still lets the owner in from theirs', async () => {
    const email = `locked-${run}@example.com`;
    await signUp(email, (await call('POST', '/admin/invites', alice, { email })).json!.token);
    const stranger = someNetwork()['x-forwarded-for'];
    const { last } = await attempts(LOGIN_PER_ACCOUNT_FROM_NETWORK.attempts + 1, () => wrongPassword(email, stranger));
    expectRetryAfter(last, LOGIN_PER_ACCOUNT_FROM_NETWORK.windowSeconds);
    await logIn(email, 'a long enough password');
  });

  it('answers sign-ups from one network past its limit with 429 and Retry-After', async () => {
    await setSignUpOpen(true);
    const network = { 'x-forwarded-for': `203.0.113.${randomBytes(1)[0]}` };
    const { statuses, last } = await attempts(SIGN_UP_PER_NETWORK.attempts + 1, (i) =>
      call('POST', '/auth/signup', {}, { email: `flood-${i}-${run}@example.com`, password: 'a long enough password' }, network),
    );
    expect(statuses.slice(0, -1).every((status) => status === 200)).toBe(true);
    expectRetryAfter(last, SIGN_UP_PER_NETWORK.windowSeconds);
  });

  it('answers sign-ups for one email past its limit with 429, from however many networks', async () => {
    await setSignUpOpen(true);
    const { statuses, last } = await attempts(SIGN_UP_PER_ACCOUNT.attempts + 1, () =>
      call('POST', '/auth/signup', {}, { email: `contested-${run}@example.com`, password: 'a long enough password' }, someNetwork()),
    );
    expect(statuses.slice(0, -1)).toEqual([200, ...Array<number>(SIGN_UP_PER_ACCOUNT.attempts - 1).fill(400)]);
    expectRetryAfter(last, SIGN_UP_PER_ACCOUNT.windowSeconds);
  });

  it('refuses a body over the limit with 413 before reading it, on an open route and a signed-in one, announced or streamed', async () => {
    const big = 'x'.repeat(MAX_BODY_BYTES + 1);
    const announced = await call('POST', '/auth/login', {}, { email: `big-${run}@example.com`, password: big }, someNetwork());
    expect(announced.status).toBe(413);
    expect(announced.json).toMatchObject({ error: { field: 'body' } });

    const project = await newProject(alice, 'huge');
    const body = new TextEncoder().encode(JSON.stringify({ key: 'HUGE', value: big, scope: 'production' }));
    const streamed = await app.request(`${ORIGIN}/api/projects/${project!.id}/env`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json', cookie: alice.cookie!, origin: ORIGIN },
      body: new ReadableStream({ start: (controller) => (controller.enqueue(body), controller.close()) }),
      duplex: 'half',
    } as RequestInit);
    expect(streamed.status).toBe(413);
    expect((await call('GET', `/projects/${project!.id}/env`, alice)).json!.map((v: { key: string }) => v.key)).not.toContain('HUGE');
  });

  it('keeps the webhook’s own larger limit, for the pushes GitHub sends', async () => {
    const payload = JSON.stringify({ repository: { full_name: 'nobody/nothing', clone_url: 'https://github.com/nobody/nothing.git', html_url: 'https://github.com/nobody/nothing' }, padding: 'x'.repeat(MAX_BODY_BYTES) });
    const reply = await app.request(`${ORIGIN}/api/webhooks/github`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-github-event': 'push', 'x-github-delivery': randomBytes(8).toString('hex'), 'x-hub-signature-256': `sha256=${'0'.repeat(64)}` },
      body: payload,
    });
    // Read whole, then refused as any delivery for a repository not deployed here: not a 413.
    expect(reply.status).toBe(401);
  });
});
