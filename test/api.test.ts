import { randomBytes } from 'node:crypto';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BUILD_QUEUE } from '../builder/src/queue/build-job.js';
import { apiApp } from '../control/src/api/index.js';
import { openApiPath } from '../control/src/api/openapi.js';
import { createApp } from '../control/src/app.js';
import { runtimeLogs } from '../control/src/deployments/runtime-logs.js';
import { createTestDatabase, type TestDatabase } from './support/database.js';
import { startFakeDns } from './support/dns.js';
import { startTestPlatform, TEST_APP_LIMITS } from './support/platform.js';
import { testbedVar } from './support/testbed.js';

// The API as a browser and a script use it, against the real Postgres and Redis: bad input is
// refused naming its field with nothing written, and nobody reaches another user's project.

const ORIGIN = 'http://aether.test';
const redisUrl = testbedVar('REDIS_URL');
const redis = new Redis(redisUrl);
const queue = new Queue(BUILD_QUEUE, { connection: new Redis(redisUrl, { maxRetriesPerRequest: null }) });
const unexpected: unknown[] = [];
let test: TestDatabase;
let app: ReturnType<typeof createApp>;
let api: ReturnType<typeof apiApp>;
let closeDns: () => void;

interface Caller {
  cookie?: string;
  token?: string;
}

async function call(method: string, path: string, who: Caller = {}, body?: unknown, headers: Record<string, string> = {}) {
  const response = await app.request(`${ORIGIN}/api${path}`, {
    method,
    headers: {
      ...(body !== undefined && { 'content-type': 'application/json' }),
      // A browser sends its page's origin with every write, and the cookie with it.
      ...(who.cookie !== undefined && { cookie: who.cookie, origin: ORIGIN }),
      ...(who.token !== undefined && { authorization: `Bearer ${who.token}` }),
      ...headers,
    },
    ...(body !== undefined && { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  return { status: response.status, headers: response.headers, json: text === '' ? null : (JSON.parse(text) as Record<string, any>) };
}

async function signUp(email: string): Promise<Caller> {
  const reply = await call('POST', '/auth/signup', {}, { email, password: 'a long enough password' });
  expect(reply.status).toBe(200);
  return { cookie: reply.headers.get('set-cookie')!.split(';')[0]! };
}

const run = randomBytes(3).toString('hex');
let alice: Caller;
let bob: Caller;

beforeAll(async () => {
  test = await createTestDatabase();
  const { platform } = await startTestPlatform(test.db, 'api');
  const dns = await startFakeDns();
  closeDns = dns.close;
  api = apiApp(
    { platform, builds: { db: test.db, instance: platform.instance, queue, redis, secretKey: platform.secretKey }, allowLocalSources: true, secureCookies: false, dns: dns.resolver, runtimeLogs: runtimeLogs(platform.docker), stopping: new AbortController().signal },
    (error) => unexpected.push(error),
  );
  app = createApp({ probes: {}, webDir: undefined, api });
  alice = await signUp(`alice-${run}@example.com`);
  bob = await signUp(`bob-${run}@example.com`);
}, 60_000);

afterAll(async () => {
  closeDns();
  await queue.close();
  redis.disconnect();
  await test.drop();
  expect(unexpected).toEqual([]);
});

describe('accounts', () => {
  it('makes the first account the admin, and no other', async () => {
    expect((await call('GET', '/me', alice)).json).toMatchObject({ email: `alice-${run}@example.com`, isAdmin: true });
    expect((await call('GET', '/me', bob)).json).toMatchObject({ isAdmin: false });
  });

  it('sets the session cookie HttpOnly and SameSite, and forgets it on logout', async () => {
    const reply = await call('POST', '/auth/login', {}, { email: `ALICE-${run}@example.com`, password: 'a long enough password' });
    const cookie = reply.headers.get('set-cookie')!;
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Lax/);
    const session = { cookie: cookie.split(';')[0]! };
    expect((await call('POST', '/auth/logout', session)).status).toBe(204);
    expect((await call('GET', '/me', session)).status).toBe(401);
  });

  it('refuses bad sign-ups naming the field', async () => {
    expect((await call('POST', '/auth/signup', {}, { email: 'not-an-email', password: 'a long enough password' })).json).toMatchObject({ error: { field: 'email' } });
    expect((await call('POST', '/auth/signup', {}, { email: `c-${run}@example.com`, password: 'short' })).json).toMatchObject({ error: { field: 'password' } });
    const taken = await call('POST', '/auth/signup', {}, { email: `alice-${run}@example.com`, password: 'a long enough password' });
    expect(taken.status).toBe(400);
    expect(taken.json).toMatchObject({ error: { field: 'email' } });
  });

  it('limits login attempts from one address', async () => {
    const from = { 'x-forwarded-for': `203.0.113.${Math.floor(Math.random() * 250)}` };
    const statuses: number[] = [];
    for (let i = 0; i < 12; i++) statuses.push((await call('POST', '/auth/login', {}, { email: `alice-${run}@example.com`, password: 'wrong' }, from)).status);
    expect(statuses.slice(0, 10).every((s) => s === 401)).toBe(true);
    expect(statuses.slice(10)).toEqual([429, 429]);
  });

  it('authenticates scripts with an API token, and refuses a made-up one', async () => {
    const { json } = await call('POST', '/tokens', alice, { name: 'ci' });
    expect((await call('GET', '/me', { token: json!.token })).json).toMatchObject({ email: `alice-${run}@example.com` });
    expect((await call('GET', '/me', { token: 'aether_made_up' })).status).toBe(401);
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
    const valid = { slug: `shop-${run}`, repository: '/srv/shop' };
    for (const [body, field] of [
      [{ ...valid, slug: 'Not A Label' }, 'slug'],
      [{ ...valid, repository: 'ext::sh -c touch% /tmp/pwned' }, 'repository'],
      [{ ...valid, branch: '--upload-pack=evil' }, 'branch'],
      [{ ...valid, rootDirectory: '../../etc' }, 'rootDirectory'],
      [{ ...valid, settings: { buildCommand: 'npm run build\nRUN curl evil' } }, 'settings'],
      [{ ...valid, settings: { port: 70000 } }, 'settings.port'],
      [{ ...valid, extra: true }, 'body'],
    ] as const) {
      const reply = await call('POST', '/projects', alice, body);
      expect(reply.status, JSON.stringify(body)).toBe(400);
      expect(reply.json!.error.field, JSON.stringify(body)).toBe(field);
    }
    expect((await call('GET', '/projects', alice)).json).toEqual([]);
  });

  it('creates, reads, updates and refuses a taken slug', async () => {
    const created = await call('POST', '/projects', alice, { slug: `shop-${run}`, repository: '/srv/shop', settings: { port: 8080 } });
    expect(created.status).toBe(201);
    const id = created.json!.id as string;
    expect((await call('PATCH', `/projects/${id}`, alice, { branch: 'release' })).json).toMatchObject({ branch: 'release', settings: { port: 8080 } });
    expect((await call('GET', '/projects', alice)).json!.map((p: { id: string }) => p.id)).toEqual([id]);
    const taken = await call('POST', '/projects', bob, { slug: `shop-${run}`, repository: '/srv/other' });
    expect(taken.status).toBe(409);
    expect(taken.json).toMatchObject({ error: { field: 'slug' } });
  });

  it('refuses a project asking for a terabyte of memory or 256 CPUs, naming the field, and writes nothing', async () => {
    const erin = await signUp(`erin-${run}@example.com`);
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
    const dave = await signUp(`dave-${run}@example.com`);
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
    const [project] = (await call('GET', '/projects', alice)).json as Array<{ id: string }>;
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
    const [project] = (await call('GET', '/projects', alice)).json as Array<{ id: string }>;
    const queued = await call('POST', `/projects/${project!.id}/deployments`, alice);
    expect(queued.status).toBe(202);
    expect(queued.json).toMatchObject({ status: 'queued', trigger: 'manual' });
    const path = `/projects/${project!.id}/deployments/${queued.json!.id}`;
    expect((await call('POST', `${path}/cancel`, alice)).status).toBe(204);
    expect((await call('GET', path, alice)).json).toMatchObject({ status: 'canceled', durations: { queuedMs: null, buildMs: null, deployMs: null, totalMs: null } });
    expect((await call('POST', `${path}/cancel`, alice)).status).toBe(409);
    expect((await call('POST', `${path}/rollback`, alice)).status).toBe(409);
  });
});

describe("another user's project", () => {
  it('answers 404 on every route that names a project, as listed in the route table', async () => {
    const [project] = (await call('GET', '/projects', alice)).json as Array<{ id: string }>;
    const [deployment] = (await call('GET', `/projects/${project!.id}/deployments`, alice)).json as Array<{ id: string }>;
    const domain = await call('POST', `/projects/${project!.id}/domains`, alice, { hostname: `www.shop-${run}.test` });
    const params: Record<string, string> = { projectId: project!.id, deploymentId: deployment!.id, domainId: domain.json!.id, scope: 'production', key: 'API_KEY' };

    const routes = api.routes.filter((r) => r.path.includes(':projectId') && r.method !== 'ALL');
    expect(routes.length).toBeGreaterThanOrEqual(15);
    for (const route of routes) {
      const path = route.path.replace(/:(\w+)/g, (_, name: string) => params[name]!);
      const reply = await call(route.method, path.replace(/^\/api/, ''), bob, ['POST', 'PUT', 'PATCH'].includes(route.method) ? {} : undefined);
      expect(reply.status, `${route.method} ${route.path}`).toBe(404);
    }
    // And the owner still has all of it.
    expect((await call('GET', `/projects/${project!.id}/env`, alice)).json).toHaveLength(3);
  });

  it('serves every response with strict security headers', async () => {
    const reply = await app.request(`${ORIGIN}/api/me`);
    expect(reply.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
    expect(reply.headers.get('x-content-type-options')).toBe('nosniff');
  });
});

describe('the OpenAPI document', () => {
  it('describes every route the API serves, and no route it does not', async () => {
    const reply = await call('GET', '/openapi.json');
    const documented = Object.entries(reply.json!.paths as Record<string, Record<string, unknown>>).flatMap(([path, methods]) =>
      Object.keys(methods).map((method) => `${method.toUpperCase()} ${path}`),
    );
    const served = api.routes.filter((r) => r.method !== 'ALL').map((r) => `${r.method} ${openApiPath(r.path)}`);

    expect(reply.json!.openapi).toBe('3.1.0');
    expect(new Set(documented)).toEqual(new Set(served));
  });

  it('gives each request body the schema the API checks it against', async () => {
    const paths = (await call('GET', '/openapi.json')).json!.paths;
    const signup = paths['/api/auth/signup'].post.requestBody.content['application/json'].schema;
    expect(signup.required).toEqual(['email', 'password']);
    expect(signup.properties.password.minLength).toBe(10);
    // What the document calls required is what the API refuses without.
    const refused = await call('POST', '/auth/signup', {}, { email: `carol-${run}@example.com` });
    expect(refused.json!.error.field).toBe('password');
    expect(paths['/api/projects/{projectId}'].patch.parameters).toContainEqual({ name: 'projectId', in: 'path', required: true, schema: { type: 'string' } });
  });
});
