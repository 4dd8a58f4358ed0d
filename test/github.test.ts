import { randomBytes } from 'node:crypto';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Queue } from 'bullmq';
import { eq } from 'drizzle-orm';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dashboardSite } from '../control/src/api/dashboard-site.js';
import { type ControlParts, controlApp } from '../control/src/control-app.js';
import { projectWebhooks } from '../control/src/db/schema.js';
import { rolloutLocks } from '../control/src/deployments/rollout-lock.js';
import type { Platform } from '../control/src/deployments/platform.js';
import { parseSubnet } from '../control/src/deployments/subnets.js';
import { createTestDatabase, type TestDatabase } from './support/database.js';
import { startFakeDns } from './support/dns.js';
import { docker } from './support/docker.js';
import { type FakeGitHub, type FakeUser, startFakeGitHub } from './support/fake-github.js';
import { answer, gitHubSignIn, type Session } from './support/github-sign-in.js';
import { TEST_APP_LIMITS, TEST_APP_SUBNETS } from './support/platform.js';
import { testbedVar } from './support/testbed.js';

// Deleting an imported project, against a local GitHub on a real socket and the real Docker
// engine, Postgres and Redis: the deletion removes what the engine holds of it. Sign-in, import
// and the push webhook need no engine: test/store/github.test.ts.

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

type Caller = Session;

const call = async (method: string, path: string, who: Caller = {}, body?: unknown) =>
  answer(
    await app.request(`${ORIGIN}/api${path}`, {
      method,
      headers: {
        ...(body !== undefined && { 'content-type': 'application/json' }),
        ...(who.cookie !== undefined && { cookie: who.cookie, origin: ORIGIN }),
      },
      ...(body !== undefined && { body: JSON.stringify(body) }),
    }),
  );

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
    session = await gitHubSignIn(app, github, ORIGIN).signInWithGitHub(owner);
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
