import { setTimeout as sleep } from 'node:timers/promises';
import { randomBytes } from 'node:crypto';
import { Queue } from 'bullmq';
import { eq } from 'drizzle-orm';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dashboardSite } from '../control/src/api/dashboard-site.js';
import type { DeploymentReply, DeploymentStatsReply, ProjectReply, TokenReply } from '../control/src/api/replies.js';
import { createApiToken } from '../control/src/auth/tokens.js';
import { controlApp } from '../control/src/control-app.js';
import { containerName } from '../control/src/deployments/container-spec.js';
import { containerStats } from '../control/src/deployments/container-stats.js';
import { apiTokens, deployments, projects, users } from '../control/src/db/schema.js';
import { createTestDatabase, type TestDatabase } from './support/database.js';
import { startFakeDns } from './support/dns.js';
import { docker, TEST_LABEL, TEST_RUN } from './support/docker.js';
import { eventually } from './support/http.js';
import { startTestPlatform } from './support/platform.js';
import { testbedVar } from './support/testbed.js';

// What the dashboard's pages read beyond a resource's own row, through the API as a script calls
// it, against the real Postgres: deployments are written as control's build events and rollouts
// write them.

const ORIGIN = 'http://aether.test';
const redisUrl = testbedVar('REDIS_URL');
const run = randomBytes(3).toString('hex');
const redis = new Redis(redisUrl);
// A queue of this file's own: nothing builds what the API queues here.
const queue = new Queue(`aether-test-dashboard-${run}`, { connection: new Redis(redisUrl, { maxRetriesPerRequest: null }) });
const unexpected: unknown[] = [];
let test: TestDatabase;
let app: ReturnType<typeof controlApp>['app'];
let closeDns: () => void;
let stats: ReturnType<typeof containerStats>;
const containers: Array<{ remove(options: { force: boolean }): Promise<unknown> }> = [];
let alice: Owner;
let bob: Owner;

interface Owner {
  id: string;
  token: string;
  tokenId: string;
}

beforeAll(async () => {
  test = await createTestDatabase();
  const { platform } = await startTestPlatform(test.db, 'dashboard');
  const dns = await startFakeDns();
  closeDns = dns.close;
  // Faster than control's pace, so that a test sees samples within seconds.
  stats = containerStats(platform, { intervalMs: 300 });
  ({ app } = controlApp({
    containerStats: stats,
    platform,
    queue,
    redis,
    allowLocalSources: true,
    dashboard: dashboardSite(ORIGIN),
    proxyHops: 1,
    dns: dns.resolver,
    stopping: new AbortController().signal,
    onUnexpected: (error) => unexpected.push(error),
  }));
  alice = await owner('alice');
  bob = await owner('bob');
}, 60_000);

afterAll(async () => {
  await Promise.all(containers.map((container) => container.remove({ force: true }).catch(() => undefined)));
  closeDns?.();
  await queue.obliterate({ force: true });
  await queue.close();
  redis.disconnect();
  await test.drop();
  expect(unexpected).toEqual([]);
});

async function owner(name: string): Promise<Owner> {
  const [user] = await test.db.insert(users).values({ email: `${name}-${run}@example.com` }).returning();
  const { id, token } = await createApiToken(test.db, user!.id, 'dashboard');
  return { id: user!.id, token, tokenId: id };
}

async function call<T = any>(method: string, path: string, who: Owner, body?: unknown): Promise<{ status: number; json: T }> {
  const response = await app.request(`${ORIGIN}/api${path}`, {
    method,
    headers: { authorization: `Bearer ${who.token}`, ...(body !== undefined && { 'content-type': 'application/json' }) },
    ...(body !== undefined && { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  return { status: response.status, json: (text === '' ? null : JSON.parse(text)) as T };
}

async function newProject(who: Owner, name: string): Promise<ProjectReply> {
  const created = await call<ProjectReply>('POST', '/projects', who, { slug: `${name}-${run}`, repository: '/srv/app' });
  expect(created.status).toBe(201);
  return created.json;
}

/** A deployment as control leaves it, `minutesAgo` after it was queued. */
async function deployment(projectId: string, minutesAgo: number, values: Partial<typeof deployments.$inferInsert> = {}) {
  const createdAt = new Date(Date.now() - minutesAgo * 60_000);
  const [row] = await test.db.insert(deployments).values({ projectId, trigger: 'manual', imageTag: 'aether/dashboard:test', createdAt, ...values }).returning();
  return row!;
}

describe('projects, as the projects page reads them', () => {
  it('carry their live deployment, their latest one and the framework their last successful build detected', async () => {
    const project = await newProject(alice, 'overview');
    expect(project).toMatchObject({ production: null, latestDeployment: null, framework: null });

    const live = await deployment(project.id, 30, {
      status: 'ready',
      imageId: 'sha256:live',
      framework: 'Vite',
      commitSha: 'a'.repeat(40),
      commitMessage: 'Ship the pricing page',
      readyAt: new Date(Date.now() - 28 * 60_000),
    });
    await test.db.update(projects).set({ productionDeploymentId: live.id }).where(eq(projects.id, project.id));
    // Built by a later commit that failed to roll out: its build still says what the project is now.
    await deployment(project.id, 20, { status: 'failed', imageId: 'sha256:built', framework: 'Next.js' });
    // A build that failed after it detected something else built nothing: it does not.
    await deployment(project.id, 10, { status: 'failed', framework: 'Astro' });
    const building = await deployment(project.id, 1, { status: 'building' });

    const expected = {
      id: project.id,
      production: { id: live.id, status: 'ready', commitSha: 'a'.repeat(40), commitMessage: 'Ship the pricing page', readyAt: live.readyAt!.toISOString() },
      latestDeployment: { id: building.id, status: 'building', createdAt: building.createdAt.toISOString() },
      framework: 'Next.js',
    };
    expect((await call<ProjectReply>('GET', `/projects/${project.id}`, alice)).json).toMatchObject(expected);
    const listed = (await call<ProjectReply[]>('GET', '/projects', alice)).json;
    expect(listed.find((p) => p.id === project.id)).toMatchObject(expected);
    expect((await call<ProjectReply>('PATCH', `/projects/${project.id}`, alice, { autoDeploy: false })).json).toMatchObject(expected);
  });

  it("never show another user's projects or deployments", async () => {
    const mine = await newProject(bob, 'bobs');
    expect((await call<ProjectReply[]>('GET', '/projects', bob)).json.map((p) => p.id)).toEqual([mine.id]);
    expect((await call<ProjectReply[]>('GET', '/projects', alice)).json.map((p) => p.id)).not.toContain(mine.id);
  });
});

describe('deployments, as the project page lists them', () => {
  it('carry the branch each was built from, and filter by status and branch', async () => {
    const project = await newProject(alice, 'branches');
    const path = `/projects/${project.id}/deployments`;
    const fromMain = (await call<DeploymentReply>('POST', path, alice)).json;
    expect(fromMain).toMatchObject({ branch: 'main', trigger: 'manual', status: 'queued' });
    expect((await call('PATCH', `/projects/${project.id}`, alice, { branch: 'release' })).status).toBe(200);
    const fromRelease = (await call<DeploymentReply>('POST', path, alice)).json;
    expect(fromRelease.branch).toBe('release');

    // Built, live, and redeployed after the project moved to another branch: the redeploy builds the commit from where it was.
    await test.db.update(deployments).set({ status: 'ready', commitSha: 'b'.repeat(40), commitMessage: 'Fix the footer' }).where(eq(deployments.id, fromMain.id));
    const redeployed = await call<DeploymentReply>('POST', `${path}/${fromMain.id}/redeploy`, alice);
    expect(redeployed.status).toBe(202);
    expect(redeployed.json.branch).toBe('main');

    const ids = async (query: string) => (await call<DeploymentReply[]>('GET', `${path}${query}`, alice)).json.map((d) => d.id);
    expect(await ids('')).toEqual([redeployed.json.id, fromRelease.id, fromMain.id]);
    expect(await ids('?status=ready&branch=main')).toEqual([fromMain.id]);
    expect(await ids('?branch=main')).toEqual([redeployed.json.id, fromMain.id]);
    expect(await ids('?status=queued')).toEqual([redeployed.json.id, fromRelease.id]);
    expect(await ids('?branch=nowhere')).toEqual([]);
    const [live] = (await call<DeploymentReply[]>('GET', `${path}?status=ready`, alice)).json;
    expect(live).toMatchObject({ commitSha: 'b'.repeat(40), commitMessage: 'Fix the footer', trigger: 'manual', durations: { totalMs: null } });

    const refused = await call('GET', `${path}?status=sleeping`, alice);
    expect(refused.status).toBe(400);
    expect(refused.json).toMatchObject({ error: { field: 'status' } });
    expect((await call('GET', `${path}?status=ready`, bob)).status).toBe(404);
  });
});

describe('API tokens, as the account page lists them', () => {
  it('show when each was last used, written at most once a minute per token', async () => {
    const lastUsed = async () => (await call<TokenReply[]>('GET', '/tokens', carol)).json.find((t) => t.id === carol.tokenId)!.lastUsedAt;
    const carol = await owner('carol');
    const first = await lastUsed();
    expect(first).not.toBeNull();
    expect(await lastUsed()).toBe(first);

    const twoMinutesAgo = new Date(Date.now() - 120_000);
    await test.db.update(apiTokens).set({ lastUsedAt: twoMinutesAgo }).where(eq(apiTokens.id, carol.tokenId));
    const next = await lastUsed();
    expect(new Date(next!).getTime()).toBeGreaterThan(twoMinutesAgo.getTime() + 60_000);
  });
});

describe("a deployment's container stats, as the project page charts them", () => {
  it("sample the production container's CPU and memory, and only its owner sees them", async () => {
    const project = await newProject(alice, 'stats');
    const live = await deployment(project.id, 5, { status: 'ready' });
    const idle = await deployment(project.id, 10, { status: 'ready' });
    await test.db.update(projects).set({ productionDeploymentId: live.id }).where(eq(projects.id, project.id));
    // An app that keeps one core busy, under a memory cap of 128 MiB.
    const container = await docker.createContainer({
      name: containerName(live.id, project.slug),
      Image: testbedVar('AETHER_IMAGE_NODE'),
      Cmd: ['node', '-e', 'for (;;) {}'],
      Labels: { [TEST_LABEL]: TEST_RUN },
      HostConfig: { NetworkMode: 'none', Memory: 128 * 2 ** 20 },
    });
    containers.push(container);
    await container.start();

    const sampling = new AbortController();
    const loop = stats.run(sampling.signal);
    const path = `/projects/${project.id}/deployments/${live.id}/stats`;
    // Five intervals in which nobody asked: the engine was not read for it, so there is nothing yet.
    await sleep(5 * 300);
    expect((await call<DeploymentStatsReply>('GET', path, alice)).json.samples).toEqual([]);
    const reply = await eventually(async () => {
      const answer = (await call<DeploymentStatsReply>('GET', path, alice)).json;
      if (answer.samples.length < 3) throw new Error(`${answer.samples.length} samples so far`);
      return answer;
    });
    sampling.abort();
    await loop;
    await container.remove({ force: true });

    expect(reply.intervalMs).toBe(300);
    const [first, , last] = reply.samples;
    expect(Date.parse(last!.at)).toBeGreaterThan(Date.parse(first!.at));
    // A busy core on a host the tests share: well above an idle app's (under 5), at most about one core.
    const cpu = reply.samples.map((sample) => sample.cpuPercent);
    expect(Math.max(...cpu)).toBeGreaterThan(15);
    expect(Math.max(...cpu)).toBeLessThan(130);
    expect(last!.memoryBytes).toBeGreaterThan(1_000_000);
    expect(last!.memoryLimitBytes).toBe(128 * 2 ** 20);

    expect((await call<DeploymentStatsReply>('GET', `/projects/${project.id}/deployments/${idle.id}/stats`, alice)).json.samples).toEqual([]);
    expect((await call('GET', path, bob)).status).toBe(404);
  });
});
