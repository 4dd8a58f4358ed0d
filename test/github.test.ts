import { createHmac, randomBytes, randomUUID } from 'node:crypto';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Queue } from 'bullmq';
import { eq, sql } from 'drizzle-orm';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { credentialsSchema } from '../contract/build-job.js';
import { buildJobKey, open } from '../contract/sealed.js';
import { dashboardSite } from '../control/src/api/dashboard-site.js';
import { type ControlParts, controlApp } from '../control/src/control-app.js';
import { deployments, projectWebhooks, users, webhookDeliveries } from '../control/src/db/schema.js';
import { rolloutLocks } from '../control/src/deployments/rollout-lock.js';
import type { Platform } from '../control/src/deployments/platform.js';
import { parseSubnet } from '../control/src/deployments/subnets.js';
import { createTestDatabase, type TestDatabase } from './support/database.js';
import { startFakeDns } from './support/dns.js';
import { docker } from './support/docker.js';
import { type FakeGitHub, type FakeUser, startFakeGitHub } from './support/fake-github.js';
import { TEST_APP_LIMITS, TEST_APP_SUBNETS } from './support/platform.js';
import { testbedVar } from './support/testbed.js';

// GitHub sign-in, repository import and the push webhook, against a local GitHub on a real
// socket and the real Postgres and Redis. Builds go to a queue of this file's own that no
// worker reads, so a queued build waits there to be inspected.

const ORIGIN = 'http://aether.test';
const run = randomBytes(3).toString('hex');
const redisUrl = testbedVar('REDIS_URL');
const redis = new Redis(redisUrl);
const queueConnection = new Redis(redisUrl, { maxRetriesPerRequest: null });
const queue = new Queue(`aether-builds-test-${run}`, { connection: queueConnection });
const secretKey = randomBytes(32);
const stopping = new AbortController();
const unexpected: unknown[] = [];
let test: TestDatabase;
let github: FakeGitHub;
let parts: ControlParts;
let app: ReturnType<typeof controlApp>['app'];
let closeDns: () => void;

interface Caller {
  cookie?: string;
}

async function call(method: string, path: string, who: Caller = {}, body?: unknown) {
  return reply(
    await app.request(`${ORIGIN}/api${path}`, {
      method,
      headers: {
        ...(body !== undefined && { 'content-type': 'application/json' }),
        ...(who.cookie !== undefined && { cookie: who.cookie, origin: ORIGIN }),
      },
      ...(body !== undefined && { body: JSON.stringify(body) }),
    }),
  );
}

async function reply(response: Response) {
  const text = await response.text();
  return { status: response.status, headers: response.headers, json: text === '' ? null : (JSON.parse(text) as Record<string, any>) };
}

/** The browser's side of the OAuth round trip: Aether → GitHub → Aether, redirects followed by hand. */
async function startSignIn(user: FakeUser, start = '/auth/github', session: Caller = {}) {
  github.approveAs(user.login);
  const started = await app.request(`${ORIGIN}/api${start}`, { headers: { ...(session.cookie !== undefined && { cookie: session.cookie }) } });
  expect(started.status, await started.clone().text()).toBe(302);
  const stateCookie = started.headers.get('set-cookie')!;
  const atGitHub = await fetch(started.headers.get('location')!, { redirect: 'manual' });
  expect(atGitHub.status).toBe(302);
  return { stateCookie, callback: new URL(atGitHub.headers.get('location')!) };
}

/** GitHub's redirect back to Aether, as the browser that holds `stateCookie` (and `session`, if any) follows it. */
async function comeBack(callback: URL, stateCookie: string, session: Caller = {}) {
  const cookie = [stateCookie.split(';')[0]!, ...(session.cookie !== undefined ? [session.cookie] : [])].join('; ');
  return reply(await app.request(callback.href, { headers: { cookie } }));
}

async function signInWithGitHub(user: FakeUser, invite?: string): Promise<Caller> {
  const { stateCookie, callback } = await startSignIn(user, invite === undefined ? '/auth/github' : `/auth/github?invite=${invite}`);
  const back = await comeBack(callback, stateCookie);
  expect(back.status, JSON.stringify(back.json)).toBe(302);
  expect(back.headers.get('location')).toBe('/');
  const session = back.headers.getSetCookie().find((c) => c.startsWith('aether_session='));
  return { cookie: session!.split(';')[0]! };
}

async function signUpWithPassword(email: string): Promise<Caller & { id: string }> {
  const signup = await call('POST', '/auth/signup', {}, { email, password: 'a long enough password' });
  expect(signup.status, JSON.stringify(signup.json)).toBe(200);
  return { cookie: signup.headers.get('set-cookie')!.split(';')[0]!, id: signup.json!.id as string };
}

async function deploymentCount(): Promise<number> {
  const [row] = await test.db.select({ count: sql<number>`count(*)::int` }).from(deployments);
  return row!.count;
}

beforeAll(async () => {
  test = await createTestDatabase();
  github = await startFakeGitHub();
  const dns = await startFakeDns();
  closeDns = dns.close;
  // Nothing here routes or runs a container: the platform needs no Traefik.
  const platform: Platform = {
    docker,
    db: test.db,
    locks: rolloutLocks(test.url, 2),
    instance: `test-github-${run}`,
    secretKey,
    traefikUrl: new URL('http://127.0.0.1:9'),
    routesDir: await mkdtemp(join(tmpdir(), 'aether-github-routes-')),
    appsDomain: 'localhost',
    networks: { traefikContainer: 'unused', pool: parseSubnet(TEST_APP_SUBNETS), prefix: 27 },
    appLimits: TEST_APP_LIMITS,
    keepRunning: 2,
    keepImages: 5,
    healthTimeoutMs: 1_000,
    drainMs: 0,
  };
  parts = {
    platform,
    queue,
    redis,
    allowLocalSources: false,
    dashboard: dashboardSite(ORIGIN),
    proxyHops: 1,
    dns: dns.resolver,
    stopping: stopping.signal,
    github: { url: github.url, apiUrl: github.apiUrl, clientId: github.clientId, clientSecret: github.clientSecret, publicUrl: ORIGIN },
    onUnexpected: (error) => unexpected.push(error),
  };
  ({ app } = controlApp(parts));
}, 60_000);

afterAll(async () => {
  stopping.abort();
  closeDns();
  await github.close();
  await queue.obliterate({ force: true });
  await queue.close();
  queueConnection.disconnect();
  redis.disconnect();
  await test.drop();
  expect(unexpected).toEqual([]);
});

describe('sign-in with GitHub', () => {
  let octocat: FakeUser;
  let admin: Caller;

  it('creates the first account as admin through the OAuth round trip, and starts a session', async () => {
    octocat = github.addUser({ login: 'octocat' });
    const { stateCookie } = await startSignIn(octocat);
    expect(stateCookie).toMatch(/HttpOnly/);
    expect(stateCookie).toMatch(/SameSite=Lax/);
    // Path=/ as __Host- requires it (over HTTPS), and it lives ten minutes at most.
    expect(stateCookie).toMatch(/Path=\/;/);
    expect(stateCookie).toMatch(/Max-Age=600/);
    expect(github.lastAuthorization!.get('redirect_uri')).toBe(`${ORIGIN}/api/auth/github/callback`);
    expect(github.lastAuthorization!.get('scope')!.split(' ').sort()).toEqual(['admin:repo_hook', 'read:user', 'repo', 'user:email']);

    admin = await signInWithGitHub(octocat);
    const me = await call('GET', '/me', admin);
    expect(me.json).toMatchObject({ email: 'octocat@example.com', githubLogin: 'octocat', isAdmin: true });
    expect(JSON.stringify(me.json)).not.toContain(octocat.token);
  });

  it('keeps a stranger signing in with GitHub out until the admin invites them, once', async () => {
    const stranger = github.addUser({ login: 'stranger' });
    const { stateCookie, callback } = await startSignIn(stranger);
    const refused = await comeBack(callback, stateCookie);
    expect(refused.status).toBe(403);
    expect(refused.json).toMatchObject({ error: { field: 'invite' } });
    expect(refused.headers.getSetCookie().some((c) => c.startsWith('aether_session='))).toBe(false);
    expect(await test.db.$count(users, eq(users.githubLogin, 'stranger'))).toBe(0);

    const invite = await call('POST', '/admin/invites', admin, { email: 'stranger@example.com' });
    expect(invite.status).toBe(201);
    expect((await call('GET', '/me', await signInWithGitHub(stranger, invite.json!.token))).json).toMatchObject({ githubLogin: 'stranger', isAdmin: false });

    const another = github.addUser({ login: 'another', email: 'stranger-too@example.com' });
    const again = await startSignIn(another, `/auth/github?invite=${invite.json!.token}`);
    expect((await comeBack(again.callback, again.stateCookie)).json).toMatchObject({ error: { field: 'invite', message: expect.stringMatching(/used/) } });
  });

  it('lets anyone in once the admin opens sign-up', async () => {
    expect((await call('PUT', '/admin/sign-up', admin, { open: true })).json).toEqual({ signUp: 'open', open: true });
  });

  it('never signs a GitHub user in to a password account made with their email, nor gives it their token', async () => {
    const email = `victim-${run}@example.com`;
    const attacker = await signUpWithPassword(email);
    const victim = github.addUser({ login: 'victim', email });

    const session = await signInWithGitHub(victim);
    const me = (await call('GET', '/me', session)).json!;
    expect(me).toMatchObject({ email, githubLogin: 'victim', hasPassword: false });
    expect(me.id).not.toBe(attacker.id);
    const [squatter] = await test.db.select().from(users).where(eq(users.id, attacker.id));
    expect(squatter).toMatchObject({ githubId: null, githubLogin: null, githubTokenSealed: null });
    expect((await call('GET', '/github/repositories', attacker)).status).toBe(409);
    // And the victim comes back to their own account.
    expect((await call('GET', '/me', await signInWithGitHub(victim))).json!.id).toBe(me.id);
  });

  it('links GitHub to a password account only from its own session, and signs in to it after', async () => {
    const mona = github.addUser({
      login: 'mona',
      email: null,
      emails: [
        { email: `unverified-${run}@example.com`, primary: false, verified: false },
        { email: `Mona-${run}@example.com`, primary: true, verified: true },
      ],
    });
    const account = await signUpWithPassword(`mona-${run}@example.com`);

    // A connection started by one session and finished without it links nothing.
    const stray = await startSignIn(mona, '/github/connect', account);
    expect((await comeBack(stray.callback, stray.stateCookie)).json).toMatchObject({ error: { field: 'state' } });
    expect((await call('GET', '/me', account)).json).toMatchObject({ githubLogin: null });

    const { stateCookie, callback } = await startSignIn(mona, '/github/connect', account);
    expect((await comeBack(callback, stateCookie, account)).status).toBe(302);
    expect((await call('GET', '/me', account)).json).toMatchObject({ id: account.id, githubLogin: 'mona', hasPassword: true });
    expect((await call('GET', '/me', await signInWithGitHub(mona))).json!.id).toBe(account.id);
    expect((await call('GET', '/github/connect')).status).toBe(401);
  });

  it('moves the link from the empty account a GitHub sign-in made when its owner connects from their password account', async () => {
    const hubot = github.addUser({ login: 'hubot', email: `hubot-${run}@example.com` });
    const account = await signUpWithPassword(`hubot-${run}@example.com`);
    const mistaken = (await call('GET', '/me', await signInWithGitHub(hubot))).json!.id as string;
    expect(mistaken).not.toBe(account.id);

    const { stateCookie, callback } = await startSignIn(hubot, '/github/connect', account);
    expect((await comeBack(callback, stateCookie, account)).status).toBe(302);
    expect((await call('GET', '/me', await signInWithGitHub(hubot))).json!.id).toBe(account.id);
    expect(await test.db.$count(users, eq(users.id, mistaken))).toBe(0);
  });

  it('refuses a code stolen from another browser’s sign-in, which only that browser’s PKCE verifier redeems', async () => {
    const target = github.addUser({ login: 'target' });
    const stolen = (await startSignIn(target)).callback.searchParams.get('code')!;
    const thief = await startSignIn(github.addUser({ login: 'thief' }));
    thief.callback.searchParams.set('code', stolen);
    const refused = await comeBack(thief.callback, thief.stateCookie);
    expect(refused.status).toBe(400);
    expect(refused.json).toMatchObject({ error: { field: 'code' } });
    expect(refused.headers.getSetCookie().some((c) => c.startsWith('aether_session='))).toBe(false);
    expect(await test.db.$count(users, eq(users.githubLogin, 'target'))).toBe(0);
    expect(github.lastAuthorization!.get('code_challenge_method')).toBe('S256');
  });

  it('keeps the token sealed at rest', async () => {
    const [row] = await test.db.select().from(users).where(eq(users.githubLogin, 'octocat'));
    expect(row!.githubTokenSealed).not.toContain(octocat.token);
    expect(row!.githubTokenSealed).not.toContain(Buffer.from(octocat.token).toString('base64'));
    expect(open(secretKey, row!.githubTokenSealed!)).toBe(octocat.token);
  });

  it('refuses a callback whose state is not the one this browser was given, and creates nothing', async () => {
    const intruder = github.addUser({ login: 'intruder' });
    const { stateCookie, callback } = await startSignIn(intruder);
    const forged = new URL(callback);
    forged.searchParams.set('state', 'state-of-another-browser');
    for (const attempt of [
      app.request(forged.href, { headers: { cookie: stateCookie.split(';')[0]! } }),
      app.request(callback.href),
      app.request(`${callback.origin}${callback.pathname}?code=${callback.searchParams.get('code')}`, { headers: { cookie: stateCookie.split(';')[0]! } }),
    ]) {
      const refused = await reply(await attempt);
      expect(refused.status).toBe(400);
      expect(refused.json).toMatchObject({ error: { field: 'state' } });
      expect(refused.headers.getSetCookie().some((c) => c.startsWith('aether_session='))).toBe(false);
    }
    expect(await test.db.$count(users, eq(users.githubLogin, 'intruder'))).toBe(0);
  });

  it('refuses a code GitHub does not take', async () => {
    const { stateCookie, callback } = await startSignIn(octocat);
    callback.searchParams.set('code', 'expired');
    const refused = await reply(await app.request(callback.href, { headers: { cookie: stateCookie.split(';')[0]! } }));
    expect(refused.status).toBe(400);
    expect(refused.json).toMatchObject({ error: { field: 'code' } });
  });

  it('answers 404 with what to set when GitHub is not configured', async () => {
    const { app: bare } = controlApp({ ...parts, github: undefined });
    const answer = await reply(await bare.request(`${ORIGIN}/api/auth/github`));
    expect(answer.status).toBe(404);
    expect(answer.json!.error.message).toContain('AETHER_GITHUB_CLIENT_ID');
  });
});

describe('repositories', () => {
  let session: Caller;

  beforeAll(async () => {
    const owner = github.addUser({ login: 'lister' });
    const at = (minutes: number) => new Date(Date.UTC(2026, 0, 1, 0, minutes)).toISOString();
    github.addRepository({ owner: 'lister', name: 'alpha-site', updatedAt: at(5) });
    github.addRepository({ owner: 'lister', name: 'beta-api', updatedAt: at(4), private: true });
    github.addRepository({ owner: 'lister', name: 'gamma-site', updatedAt: at(3), defaultBranch: 'trunk' });
    github.addRepository({ owner: 'lister', name: 'delta', updatedAt: at(2) });
    github.addRepository({ owner: 'lister', name: 'epsilon', updatedAt: at(1) });
    github.addRepository({ owner: 'someone-else', name: 'secret-site', private: true });
    session = await signInWithGitHub(owner);
  });

  it('lists the user’s repositories, newest first, page by page', async () => {
    const first = await call('GET', '/github/repositories?perPage=2', session);
    expect(first.status).toBe(200);
    expect(first.json).toMatchObject({ page: 1, perPage: 2, nextPage: 2 });
    expect(first.json!.repositories).toEqual([
      { name: 'alpha-site', fullName: 'lister/alpha-site', private: false, defaultBranch: 'main', cloneUrl: 'https://github.com/lister/alpha-site.git', updatedAt: expect.any(String) },
      expect.objectContaining({ name: 'beta-api', private: true }),
    ]);
    const last = await call('GET', '/github/repositories?perPage=2&page=3', session);
    expect(last.json!.repositories.map((r: { name: string }) => r.name)).toEqual(['epsilon']);
    expect(last.json!.nextPage).toBeNull();
  });

  it('searches the names of the repositories the user owns, private ones included', async () => {
    const found = await call('GET', '/github/repositories?search=site&perPage=1', session);
    expect(found.json!.repositories.map((r: { name: string }) => r.name)).toEqual(['alpha-site']);
    expect(found.json!.nextPage).toBe(2);
    const next = await call('GET', '/github/repositories?search=site&perPage=1&page=2', session);
    expect(next.json).toMatchObject({ repositories: [{ name: 'gamma-site', defaultBranch: 'trunk' }], nextPage: null });
    expect((await call('GET', '/github/repositories?search=api', session)).json!.repositories).toEqual([expect.objectContaining({ name: 'beta-api', private: true })]);
  });

  it('refuses bad paging naming the field', async () => {
    for (const [query, field] of [
      ['perPage=500', 'perPage'],
      ['page=0', 'page'],
      ['page=two', 'page'],
    ] as const) {
      const refused = await call('GET', `/github/repositories?${query}`, session);
      expect(refused.status, query).toBe(400);
      expect(refused.json!.error.field, query).toBe(field);
    }
  });

  it('asks a user without GitHub to connect it, and a stranger to sign in', async () => {
    const plain = await signUpWithPassword(`plain-${run}@example.com`);
    const refused = await call('GET', '/github/repositories', plain);
    expect(refused.status).toBe(409);
    expect(refused.json!.error.message).toContain('/api/github/connect');
    expect((await call('GET', '/github/repositories')).status).toBe(401);
  });
});

describe('import and push webhook', () => {
  let owner: FakeUser;
  let session: Caller;
  let project: { id: string; slug: string; branch: string };
  let secret: string;
  const after = 'c0ffee'.padEnd(40, '0');
  /** Commit `n` of the branch's history in these tests. */
  const sha = (n: string) => n.padEnd(40, 'e');

  function push(fields: Record<string, unknown> = {}) {
    return {
      ref: 'refs/heads/trunk',
      before: '0'.repeat(40),
      after,
      deleted: false,
      repository: { full_name: 'importer/My_Site.io', clone_url: 'https://github.com/importer/My_Site.io.git', html_url: 'https://github.com/importer/My_Site.io' },
      ...fields,
    };
  }

  async function deliver(event: string, payload: unknown, options: { secret?: string; delivery?: string; signature?: string | null } = {}) {
    const body = JSON.stringify(payload);
    const signature = options.signature === undefined ? `sha256=${createHmac('sha256', options.secret ?? secret).update(body).digest('hex')}` : options.signature;
    return reply(
      await app.request(`${ORIGIN}/api/webhooks/github`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'x-github-event': event,
          'x-github-delivery': options.delivery ?? randomUUID(),
          ...(signature !== null && { 'x-hub-signature-256': signature }),
        },
        body,
      }),
    );
  }

  beforeAll(async () => {
    owner = github.addUser({ login: 'importer' });
    github.addRepository({ owner: 'importer', name: 'My_Site.io', defaultBranch: 'trunk', private: true });
    github.addRepository({ owner: 'importer', name: 'locked' });
    session = await signInWithGitHub(owner);
  });

  it('creates the project from the repository, queues its first build and registers the push hook', async () => {
    const imported = await call('POST', '/github/import', session, { repository: 'importer/My_Site.io', settings: { port: 8080 } });
    expect(imported.status, JSON.stringify(imported.json)).toBe(201);
    expect(imported.json!.project).toMatchObject({
      slug: 'my-site-io',
      repository: 'https://github.com/importer/My_Site.io.git',
      branch: 'trunk',
      autoDeploy: true,
      settings: { port: 8080 },
    });
    expect(imported.json!.deployment).toMatchObject({ status: 'queued', trigger: 'manual' });
    project = imported.json!.project;

    const [hook] = github.hooks;
    expect(imported.json!.webhook).toEqual({ registered: true, id: hook!.id });
    expect(hook).toMatchObject({ repository: 'importer/My_Site.io', events: ['push'], active: true, config: { url: `${ORIGIN}/api/webhooks/github`, content_type: 'json' } });
    const [stored] = await test.db.select().from(projectWebhooks).where(eq(projectWebhooks.projectId, project.id));
    expect(stored!.githubHookId).toBe(hook!.id);
    expect(stored!.secretSealed).not.toContain(hook!.config.secret);
    expect(open(secretKey, stored!.secretSealed)).toBe(hook!.config.secret);
    secret = hook!.config.secret;
    expect(JSON.stringify(imported.json)).not.toContain(secret);
    expect(JSON.stringify(imported.json)).not.toContain(owner.token);

    const job = await queue.getJob(imported.json!.deployment.id);
    expect(job!.data).toMatchObject({ projectId: project.id, repository: 'https://github.com/importer/My_Site.io.git', revision: { kind: 'branch', branch: 'trunk' } });
    expect(credentialsSchema.parse(JSON.parse(open(buildJobKey(secretKey), job!.data.credentials))).token).toBe(owner.token);
  });

  it('still imports when GitHub refuses the hook, and says why', async () => {
    github.refuseHooksWith = 403;
    try {
      const imported = await call('POST', '/github/import', session, { repository: 'importer/locked', slug: `locked-${run}`, autoDeploy: false });
      expect(imported.status).toBe(201);
      expect(imported.json!.project).toMatchObject({ slug: `locked-${run}`, autoDeploy: false, branch: 'main' });
      expect(imported.json!.deployment).toMatchObject({ status: 'queued' });
      expect(imported.json!.webhook).toEqual({ registered: false, reason: expect.stringContaining('admin rights') });
      const [stored] = await test.db.select().from(projectWebhooks).where(eq(projectWebhooks.projectId, imported.json!.project.id));
      expect(stored!.githubHookId).toBeNull();
    } finally {
      github.refuseHooksWith = undefined;
    }
  });

  it('refuses what it cannot import, naming the field, and writes nothing', async () => {
    const before = { webhooks: await test.db.$count(projectWebhooks), hooks: github.hooks.length };
    for (const [body, status, field] of [
      [{ repository: 'importer/missing' }, 404, 'repository'],
      [{ repository: 'importer/../etc' }, 400, 'repository'],
      [{ repository: 'not-a-name' }, 400, 'repository'],
      [{ repository: 'importer/My_Site.io' }, 409, 'slug'],
      [{ repository: 'importer/My_Site.io', slug: 'Bad Slug' }, 400, 'slug'],
      [{ repository: 'importer/My_Site.io', slug: `other-${run}`, branch: '--upload-pack=x' }, 400, 'branch'],
    ] as const) {
      const refused = await call('POST', '/github/import', session, body);
      expect(refused.status, JSON.stringify(body)).toBe(status);
      expect(refused.json!.error.field, JSON.stringify(body)).toBe(field);
    }
    expect({ webhooks: await test.db.$count(projectWebhooks), hooks: github.hooks.length }).toEqual(before);
  });

  it('answers a ping', async () => {
    const pong = await deliver('ping', { zen: 'Keep it logically awesome.', hook_id: 1, repository: push().repository });
    expect(pong.status).toBe(200);
  });

  it('queues a webhook deployment at the pushed commit, cloning with the owner’s token', async () => {
    const before = await deploymentCount();
    const accepted = await deliver('push', push());
    expect(accepted.status, JSON.stringify(accepted.json)).toBe(202);
    expect(accepted.json!.deployment).toMatchObject({ projectId: project.id, trigger: 'webhook', status: 'queued' });
    expect(await deploymentCount()).toBe(before + 1);
    const job = await queue.getJob(accepted.json!.deployment.id);
    expect(job!.data.revision).toEqual({ kind: 'commit', sha: after });
    expect(credentialsSchema.parse(JSON.parse(open(buildJobKey(secretKey), job!.data.credentials))).token).toBe(owner.token);
    const [delivery] = await test.db.select().from(webhookDeliveries).where(eq(webhookDeliveries.deploymentId, accepted.json!.deployment.id));
    expect(delivery).toMatchObject({ event: 'push', projectId: project.id });
  });

  it('refuses a missing or wrong signature, a replay and an unknown repository, queueing nothing', async () => {
    const before = await deploymentCount();
    const wrongSecret = await deliver('push', push(), { secret: 'not the secret' });
    expect(wrongSecret.status).toBe(401);
    expect(wrongSecret.json!.error.field).toBe('x-hub-signature-256');
    expect((await deliver('push', push(), { signature: null })).status).toBe(401);
    expect((await deliver('push', push(), { signature: 'sha256=nothex' })).status).toBe(401);

    const delivery = randomUUID();
    expect((await deliver('push', push({ ref: 'refs/heads/elsewhere' }), { delivery })).status).toBe(200);
    const replayed = await deliver('push', push(), { delivery });
    expect(replayed.status).toBe(409);

    expect(await deploymentCount()).toBe(before);
    expect(await test.db.$count(webhookDeliveries, eq(webhookDeliveries.id, delivery))).toBe(1);
  });

  it('a stranger cannot tell whether a repository is deployed here: an unknown repository answers as a wrong signature does', async () => {
    const before = { deployments: await deploymentCount(), deliveries: await test.db.$count(webhookDeliveries) };
    const deployedWrongSecret = await deliver('push', push(), { secret: 'guessed' });
    const unknown = await deliver('push', push({ repository: { full_name: 'importer/unknown', clone_url: 'https://github.com/importer/unknown.git', html_url: 'https://github.com/importer/unknown' } }), {
      secret: 'guessed',
    });
    expect(unknown).toEqual(deployedWrongSecret);
    expect(unknown.status).toBe(401);
    expect({ deployments: await deploymentCount(), deliveries: await test.db.$count(webhookDeliveries) }).toEqual(before);
  });

  it('acts on one of two copies of a delivery arriving at once', async () => {
    const before = await deploymentCount();
    const delivery = randomUUID();
    const next = push({ before: after, after: sha('1') });
    const answers = await Promise.all([deliver('push', next, { delivery }), deliver('push', next, { delivery })]);
    expect(answers.map((a) => a.status).sort()).toEqual([202, 409]);
    expect(await deploymentCount()).toBe(before + 1);
  });

  it('a push replayed under a new delivery ID does not redeploy an old commit; a force-push back to one does', async () => {
    const first = push({ before: sha('1'), after: sha('2') });
    const second = push({ before: sha('2'), after: sha('3') });
    expect((await deliver('push', first)).status).toBe(202);
    expect((await deliver('push', second)).status).toBe(202);
    const before = await deploymentCount();

    const replayedOld = await deliver('push', first);
    expect(replayedOld).toMatchObject({ status: 200, json: { outcome: expect.stringContaining('a replayed or stale push is not acted on') } });
    const replayedLatest = await deliver('push', second);
    expect(replayedLatest).toMatchObject({ status: 200, json: { outcome: expect.stringContaining('a replayed push is not acted on') } });
    expect(await deploymentCount()).toBe(before);

    const revert = await deliver('push', push({ before: sha('3'), after: sha('2'), forced: true }));
    expect(revert.status, JSON.stringify(revert.json)).toBe(202);
    expect((await queue.getJob(revert.json!.deployment.id))!.data.revision).toEqual({ kind: 'commit', sha: sha('2') });
  });

  it('acknowledges pushes to other branches, branch deletions and projects with auto-deploy off, queueing nothing', async () => {
    const before = await deploymentCount();
    const otherBranch = await deliver('push', push({ ref: 'refs/heads/feature' }));
    expect(otherBranch).toMatchObject({ status: 200, json: { outcome: expect.stringContaining('refs/heads/feature') } });
    const deleted = await deliver('push', push({ deleted: true, after: '0'.repeat(40) }));
    expect(deleted).toMatchObject({ status: 200, json: { outcome: 'the push deleted refs/heads/trunk' } });

    expect((await call('PATCH', `/projects/${project.id}`, session, { autoDeploy: false })).json).toMatchObject({ autoDeploy: false });
    const off = await deliver('push', push({ before: sha('2'), after: sha('4') }));
    expect(off).toMatchObject({ status: 200, json: { outcome: 'auto-deploy is off for this project' } });
    expect(await deploymentCount()).toBe(before);
  });
});

describe('deleting an imported project', () => {
  let owner: FakeUser;
  let session: Caller;

  async function imported(name: string) {
    github.addRepository({ owner: 'remover', name });
    const answer = await call('POST', '/github/import', session, { repository: `remover/${name}`, autoDeploy: false });
    expect(answer.status, JSON.stringify(answer.json)).toBe(201);
    return { project: answer.json!.project as { id: string }, hookId: answer.json!.webhook.id as number | undefined };
  }

  async function gone(projectId: string) {
    expect((await call('GET', `/projects/${projectId}`, session)).status).toBe(404);
    expect(await test.db.$count(projectWebhooks, eq(projectWebhooks.projectId, projectId))).toBe(0);
  }

  beforeAll(async () => {
    owner = github.addUser({ login: 'remover' });
    session = await signInWithGitHub(owner);
  });

  it('removes its push hook from GitHub', async () => {
    const { project, hookId } = await imported('tidy');
    expect(github.hooks.some((h) => h.id === hookId)).toBe(true);
    const deleted = await call('DELETE', `/projects/${project.id}`, session);
    expect(deleted.status, JSON.stringify(deleted.json)).toBe(204);
    expect(github.hooks.some((h) => h.id === hookId)).toBe(false);
    await gone(project.id);
  });

  it('deletes the project when GitHub refuses to remove the hook, and says to remove it by hand', async () => {
    const { project, hookId } = await imported('stuck');
    github.refuseHooksWith = 403;
    try {
      const deleted = await call('DELETE', `/projects/${project.id}`, session);
      expect(deleted.status).toBe(200);
      expect(deleted.json).toEqual({ webhook: { removed: false, reason: expect.stringContaining('admin rights') } });
      expect(deleted.json!.webhook.reason).toContain(`remove webhook ${hookId}`);
      expect(JSON.stringify(deleted.json)).not.toContain(owner.token);
    } finally {
      github.refuseHooksWith = undefined;
    }
    expect(github.hooks.some((h) => h.id === hookId)).toBe(true);
    await gone(project.id);
  });

  it('deletes a project whose hook GitHub never registered without asking GitHub', async () => {
    github.refuseHooksWith = 403;
    let project: { id: string };
    try {
      ({ project } = await imported('hookless'));
    } finally {
      github.refuseHooksWith = undefined;
    }
    expect((await call('DELETE', `/projects/${project.id}`, session)).status).toBe(204);
    await gone(project.id);
  });
});
