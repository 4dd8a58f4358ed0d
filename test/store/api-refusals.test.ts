import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { apiOperations, MAX_BODY_BYTES } from '../../control/src/api/index.js';
import { LOGIN_PER_ACCOUNT_FROM_NETWORK } from '../../control/src/auth/rate-limit.js';
import { controlApp } from '../../control/src/control-app.js';
import { deployments } from '../../control/src/db/schema.js';
import { type Caller, expectRefusal, ORIGIN, someNetwork, type StoreApp, useStoreApp } from '../support/store-app.js';

// What the API answers a request it will not serve: who may not call a route, which ID names
// nothing, and what failed on our side, each in the one shape its refusals have, with a message a
// person can act on. Each test makes the users and projects it needs.

let store: StoreApp;
let admin: Caller;
const call = (method: string, path: string, who: Caller = {}, body?: unknown, headers?: Record<string, string>) => store.call(method, path, who, body, headers);

useStoreApp(async (app) => {
  store = app;
  admin = await app.newUser('admin');
});

/** An operation's path with each parameter an ID that names nothing. */
const pathOf = (path: string) => path.replace(/:\w+/g, () => randomUUID());

async function apiToken(who: Caller): Promise<Caller> {
  const created = await call('POST', '/tokens', who, { name: 'script' });
  expect(created.status).toBe(201);
  return { token: created.json!.token as string };
}

describe('a caller who has not signed in', () => {
  it('is asked to sign in on every route but the public ones, as the route table lists them, and GitHub’s deliveries to sign theirs', async () => {
    const guarded = apiOperations.filter((operation) => operation.auth !== 'public');
    expect(guarded.length).toBeGreaterThanOrEqual(30);
    for (const operation of guarded) {
      const reply = await call(operation.method.toUpperCase(), pathOf(operation.path), {}, ['post', 'put', 'patch'].includes(operation.method) ? {} : undefined);
      expectRefusal(reply, 401, operation.auth === 'github-signature' ? 'x-hub-signature-256' : undefined);
    }
  });

  it('is refused with a made-up or malformed API token, and not let in by a cookie beside it', async () => {
    expectRefusal(await call('GET', '/projects', { token: 'aether_made_up' }), 401);
    expectRefusal(await call('GET', '/projects', { ...admin, token: 'aether_made_up' }), 401);
    expectRefusal(await call('GET', '/projects', {}, undefined, { authorization: 'Basic YWRtaW46cGFzc3dvcmQ=' }), 401);
  });
});

describe('a signed-in user', () => {
  it('is told that only the admin may administer the install', async () => {
    const user = await store.newUser('user');
    for (const [method, path, body] of [['GET', '/admin/sign-up'], ['PUT', '/admin/sign-up', { open: true }], ['GET', '/admin/invites'], ['POST', '/admin/invites', {}]] as const) {
      expectRefusal(await call(method, path, user, body), 403);
    }
  });

  it('is told that changing how they sign in, or minting tokens, takes a browser and not an API token', async () => {
    const token = await apiToken(admin);
    expectRefusal(await call('POST', '/tokens', token, { name: 'successor' }), 403);
    expectRefusal(await call('POST', '/auth/password', token, { currentPassword: 'a long enough password', newPassword: 'another long password' }), 403);
    expectRefusal(await call('PUT', '/admin/sign-up', token, { open: true }), 403);
  });

  it('finds no project under an ID that is not one, and is told which of a route’s IDs names nothing', async () => {
    const owner = await store.newUser('owner');
    const project = await store.newProject(owner, 'named');
    const notFound = async (path: string) => {
      const reply = await call('GET', path, owner);
      expectRefusal(reply, 404);
      return reply.json!.error.message as string;
    };
    expect(await notFound('/projects/not-a-project-id')).toMatch(/project/);
    expect(await notFound(`/projects/${randomUUID()}`)).toMatch(/project/);
    expect(await notFound(`/projects/${project.id}/deployments/not-a-deployment-id`)).toMatch(/deployment/);
    expect(await notFound(`/projects/${project.id}/deployments/${randomUUID()}`)).toMatch(/deployment/);
  });
});

describe('a failure on our side', () => {
  it('answers 500 saying it was logged, and reports it, without telling the client what failed', async () => {
    const owner = await store.newUser('unlucky');
    const project = await store.newProject(owner, 'unlucky');
    const reported = store.unexpected.length;
    // The store tests' platform has no Docker engine: removing the project's containers fails.
    const reply = await call('DELETE', `/projects/${project.id}`, owner);
    expect(reply.status).toBe(500);
    expect(reply.json).toEqual({ error: { message: expect.stringMatching(/logged/) } });
    expect(store.unexpected.splice(reported)).toHaveLength(1);
  });
});

describe('signing in', () => {
  it('takes a login form only from the dashboard’s own origin, whatever name the request reached control by', async () => {
    // Control reached by another name (its address, a second host a proxy sends to it), from a page of that name.
    const elsewhere = 'http://control.internal:3000';
    const reply = await store.app.request(`${elsewhere}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin: elsewhere, ...someNetwork() },
      body: 'email=admin%40example.com&password=whatever',
    });
    expectRefusal({ status: reply.status, headers: reply.headers, json: (await reply.json()) as Record<string, any> }, 403);
  });

  it('counts the attempts of each install sharing a Redis apart, so that one install’s strangers cannot lock another’s users out', async () => {
    const network = someNetwork();
    const email = `shared-redis-${randomUUID()}@example.com`;
    const attempt = (app: { request: typeof store.app.request }) =>
      app.request(`${ORIGIN}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json', ...network }, body: JSON.stringify({ email, password: 'not the password' }) });
    for (let i = 0; i < LOGIN_PER_ACCOUNT_FROM_NETWORK.attempts; i++) expect((await attempt(store.app)).status).toBe(401);
    const limited = await attempt(store.app);
    expectRefusal({ status: limited.status, headers: limited.headers, json: (await limited.json()) as Record<string, any> }, 429);
    const other = controlApp({ ...store.parts, platform: { ...store.platform, instance: `other-${randomUUID()}` } });
    expect((await attempt(other.app)).status).toBe(401);
  });
});

describe('a body the API will not read', () => {
  it('is refused over the limit naming the body, and GitHub’s over the larger limit its deliveries keep to', async () => {
    expectRefusal(await call('POST', '/auth/login', {}, { email: 'big@example.com', password: 'x'.repeat(MAX_BODY_BYTES) }, someNetwork()), 413, 'body');
    const announced = await store.request('/webhooks/github', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'content-length': String(26 * 1024 * 1024), 'x-github-event': 'push', 'x-github-delivery': randomUUID(), 'x-hub-signature-256': `sha256=${'0'.repeat(64)}` },
      body: '{}',
    });
    expectRefusal(announced, 413);
  });

  it('is refused naming its headers or its body when a delivery is not what GitHub sends', async () => {
    const deliver = (headers: Record<string, string>, body: string) =>
      store.request('/webhooks/github', { method: 'POST', headers: { 'content-type': 'application/json', 'x-hub-signature-256': `sha256=${'0'.repeat(64)}`, ...headers }, body });
    expectRefusal(await deliver({ 'x-github-event': 'push', 'x-github-delivery': randomUUID() }, 'not json'), 400, 'body');
    expectRefusal(await deliver({ 'x-github-delivery': randomUUID() }, '{}'), 400, 'x-github-event');
    expectRefusal(await deliver({ 'x-github-event': 'push' }, '{}'), 400, 'x-github-delivery');
  });
});

/** A deployment of a new user's project that failed before it ran: the user, and the deployment's path. */
async function failedDeployment(name: string) {
  const owner = await store.newUser(name);
  const project = await store.newProject(owner, name);
  const [deployment] = await store.test.db.insert(deployments).values({ projectId: project.id, trigger: 'manual', imageTag: 'aether/test:1', status: 'failed' }).returning();
  return { owner, base: `/projects/${project.id}/deployments/${deployment!.id}` };
}

describe('a deployment’s logs', () => {
  it('are refused for a deployment without a container, saying why, and its state says it is missing', async () => {
    const { owner, base } = await failedDeployment('logs');
    const refused = await call('GET', `${base}/runtime-logs`, owner);
    expectRefusal(refused, 409);
    expect(refused.json!.error.message).toMatch(/no container/);
    expect((await call('GET', `${base}/state`, owner)).json).toEqual({ state: 'missing' });
  });

  it('are refused from a place no stream of them sent, naming the header or the query that gave it', async () => {
    const { owner, base } = await failedDeployment('resume');
    for (const logs of ['build-logs', 'runtime-logs']) {
      expectRefusal(await call('GET', `${base}/${logs}`, owner, undefined, { 'last-event-id': 'not-an-id' }), 400, 'Last-Event-ID');
      expectRefusal(await call('GET', `${base}/${logs}?lastEventId=not-an-id`, owner), 400, 'lastEventId');
    }
  });
});

describe('a deployment that never went live', () => {
  it('cannot be rolled back to, saying why, and has no samples of its container', async () => {
    const { owner, base } = await failedDeployment('rollback');
    const refused = await call('POST', `${base}/rollback`, owner);
    expectRefusal(refused, 409);
    expect(refused.json!.error.message).toMatch(/went live/);
    expect((await call('GET', `${base}/stats`, owner)).json).toEqual({ intervalMs: store.parts.containerStats!.intervalMs, samples: [] });
  });
});

describe('a write with the session cookie from another site', () => {
  it('is refused saying writes with the cookie come from the dashboard', async () => {
    const owner = await store.newUser('crossed');
    const refused = await call('POST', '/projects', owner, { slug: `crossed-${randomUUID().slice(0, 8)}`, repository: '/srv/x' }, { origin: 'http://evil.test', 'sec-fetch-site': 'cross-site' });
    expectRefusal(refused, 403);
    expect(refused.json!.error.message).toMatch(/dashboard/);
  });
});
