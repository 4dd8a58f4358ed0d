import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { cpSync, mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Queue } from 'bullmq';
import { eq } from 'drizzle-orm';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BUILD_QUEUE, credentialsSchema } from '../contract/build-job.js';
import { detectJobSchema } from '../contract/detect-job.js';
import { buildJobKey, open, seal } from '../contract/sealed.js';
import { dashboardSite } from '../control/src/api/dashboard-site.js';
import { DETECT_PER_USER } from '../control/src/auth/rate-limit.js';
import { type ControlParts, controlApp } from '../control/src/control-app.js';
import { users } from '../control/src/db/schema.js';
import type { DetectWorker } from '../builder/src/queue/detect-worker.js';
import { commitAll, startTestDetector } from './support/build.js';
import { createTestDatabase, type TestDatabase } from './support/database.js';
import { startFakeDns } from './support/dns.js';
import { startGitServer, type GitServer } from './support/git-server.js';
import { startTestPlatform } from './support/platform.js';
import { testbedVar } from './support/testbed.js';

// A detection through the real parts: control queues it with the caller's own token sealed, the
// real detect worker clones and reads the repository as a build would, and control answers.

const ORIGIN = 'http://aether.test';
const run = randomBytes(3).toString('hex');
const redisUrl = testbedVar('REDIS_URL');
const redis = new Redis(redisUrl);
const connection = new Redis(redisUrl, { maxRetriesPerRequest: null });
const builds = new Queue(BUILD_QUEUE, { connection });
const detectQueue = new Queue(`aether-test-detect-${run}`, { connection });
const PRIVATE_TOKEN = `alice-token-${run}`;
const unexpected: unknown[] = [];
let test: TestDatabase;
let app: ReturnType<typeof controlApp>['app'];
let parts: ControlParts;
let detector: DetectWorker;
let gitServer: GitServer;
let closeDns: () => void;
let secretKey: Buffer;
let alice: string;
let bob: string;

async function call(cookie: string, body: unknown) {
  const response = await app.request(`${ORIGIN}/api/detections`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', cookie, origin: ORIGIN, 'x-forwarded-for': `198.18.${randomBytes(1)[0]}.1` },
    body: JSON.stringify(body),
  });
  return { status: response.status, json: (await response.json()) as Record<string, any> };
}

async function signUp(email: string, invite?: string): Promise<string> {
  const response = await app.request(`${ORIGIN}/api/auth/signup`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: ORIGIN, 'x-forwarded-for': `198.19.${randomBytes(1)[0]}.1` },
    body: JSON.stringify({ email, password: 'a long enough password', ...(invite !== undefined && { invite }) }),
  });
  expect(response.status).toBe(200);
  return response.headers.get('set-cookie')!.split(';')[0]!;
}

function repository(files: Record<string, string>, links: Record<string, string> = {}): string {
  const repo = mkdtempSync(join(tmpdir(), 'aether-detect-'));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(join(repo, path, '..'), { recursive: true });
    writeFileSync(join(repo, path), text);
  }
  for (const [path, target] of Object.entries(links)) symlinkSync(target, join(repo, path));
  commitAll(repo, 'detect me');
  return repo;
}

function fixture(name: string): string {
  const repo = mkdtempSync(join(tmpdir(), `aether-detect-${name}-`));
  cpSync(join(import.meta.dirname, 'fixtures', name), repo, { recursive: true });
  commitAll(repo, name);
  return repo;
}

beforeAll(async () => {
  test = await createTestDatabase();
  const { platform } = await startTestPlatform(test.db, 'detect');
  secretKey = platform.secretKey;
  const dns = await startFakeDns();
  closeDns = dns.close;
  parts = {
    platform,
    queue: builds,
    detectQueue,
    redis,
    allowLocalSources: true,
    dashboard: dashboardSite(ORIGIN),
    proxyHops: 1,
    dns: dns.resolver,
    stopping: new AbortController().signal,
    onUnexpected: (error) => unexpected.push(error),
  };
  ({ app } = controlApp(parts));
  detector = await startTestDetector(secretKey, detectQueue.name);
  alice = await signUp(`alice-${run}@example.com`);
  const invite = await app.request(`${ORIGIN}/api/admin/invites`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', cookie: alice, origin: ORIGIN },
    body: JSON.stringify({ email: `bob-${run}@example.com` }),
  });
  bob = await signUp(`bob-${run}@example.com`, ((await invite.json()) as { token: string }).token);
  // Alice's account is connected to GitHub; only her token opens her private repository.
  await test.db.update(users).set({ githubTokenSealed: seal(secretKey, PRIVATE_TOKEN) }).where(eq(users.email, `alice-${run}@example.com`));
  const bare = mkdtempSync(join(tmpdir(), 'aether-detect-bare-'));
  execFileSync('git', ['clone', '--quiet', '--bare', fixture('express-npm'), join(bare, 'private.git')]);
  gitServer = await startGitServer(bare, PRIVATE_TOKEN);
}, 120_000);

afterAll(async () => {
  await detector?.close();
  await gitServer?.close();
  closeDns?.();
  await detectQueue.obliterate({ force: true });
  await Promise.all([detectQueue.close(), builds.close()]);
  connection.disconnect();
  redis.disconnect();
  await test.drop();
  expect(unexpected).toEqual([]);
});

describe('POST /api/detections', () => {
  it("detects a Node.js fixture's framework, commands and port", async () => {
    const reply = await call(alice, { repository: fixture('express-npm') });
    expect(reply.status, JSON.stringify(reply.json)).toBe(200);
    expect(reply.json).toEqual({
      framework: 'Express',
      kind: 'node',
      rootDirectory: '',
      installCommand: 'npm ci',
      buildCommand: null,
      startCommand: 'npm run start',
      outputDir: null,
      port: 3000,
      repositorySettings: null,
    });
  }, 60_000);

  it("detects a monorepo root's one app, and offers the packages of a root with several", async () => {
    const single = await call(alice, { repository: fixture('npm-workspace') });
    expect(single.status, JSON.stringify(single.json)).toBe(200);
    expect(single.json).toMatchObject({ kind: 'node', rootDirectory: 'apps/web', startCommand: expect.any(String) });

    const app = (name: string) => JSON.stringify({ name, scripts: { start: 'node server.js' } });
    const several = repository({ 'package.json': JSON.stringify({ name: 'two', workspaces: ['apps/*'] }), 'apps/api/package.json': app('api'), 'apps/site/package.json': app('site') });
    const root = await call(alice, { repository: several });
    expect(root.json).toMatchObject({ kind: 'workspace', candidates: ['apps/api', 'apps/site'] });
    const api = await call(alice, { repository: several, rootDirectory: 'apps/api' });
    expect(api.json).toMatchObject({ kind: 'node', rootDirectory: 'apps/api', startCommand: expect.any(String) });
  }, 60_000);

  it('answers a missing branch with a 422 naming branch', async () => {
    const reply = await call(alice, { repository: fixture('static-site'), branch: 'no-such-branch' });
    expect(reply.status).toBe(422);
    expect(reply.json).toEqual({ error: { message: 'branch: "no-such-branch" does not exist in the repository', field: 'branch' } });
  }, 60_000);

  it('answers a repository with nothing it recognises with a 422 saying what to add', async () => {
    const reply = await call(alice, { repository: repository({ 'notes.txt': 'hello' }) });
    expect(reply.status).toBe(422);
    expect(reply.json.error).toMatchObject({ field: 'rootDirectory', message: expect.stringContaining('add a Dockerfile') });
  }, 60_000);

  it('refuses what project creation refuses, before queueing anything', async () => {
    const before = await detectQueue.count();
    expect((await call(alice, { repository: 'ssh://example.com/x' })).json.error.field).toBe('repository');
    expect((await call(alice, { repository: 'https://example.com/x', rootDirectory: '../up' })).json.error.field).toBe('rootDirectory');
    expect((await call(alice, { repository: 'https://example.com/x', branch: '-x' })).json.error.field).toBe('branch');
    expect(await detectQueue.count()).toBe(before);
  });

  it("clones a private repository with the caller's own token only, never another user's", async () => {
    const url = gitServer.url('private.git');
    const mine = await call(alice, { repository: url });
    expect(mine.status, JSON.stringify(mine.json)).toBe(200);
    expect(mine.json.framework).toBe('Express');
    const theirs = await call(bob, { repository: url });
    expect(theirs.status).toBe(422);
    expect(theirs.json.error.field).toBe('repository');
    expect(JSON.stringify(theirs.json)).not.toContain(PRIVATE_TOKEN);
    // What each job carried: Alice's token in hers; nothing in Bob's.
    const jobs = (await detectQueue.getJobs(['completed'])).map((job) => detectJobSchema.parse(job.data)).filter((job) => job.repository === url);
    const tokens = jobs.map((job) => credentialsSchema.parse(JSON.parse(open(buildJobKey(secretKey), job.credentials))).token ?? null);
    expect(tokens.sort()).toEqual([PRIVATE_TOKEN, null].sort());
    expect(jobs.map((job) => job.credentials).join()).not.toContain(PRIVATE_TOKEN);
  }, 90_000);

  it("reads a malicious repository's links as absent: a link out of the checkout leaks nothing", async () => {
    const outside = mkdtempSync(join(tmpdir(), 'aether-detect-outside-'));
    writeFileSync(join(outside, 'package.json'), JSON.stringify({ name: 'leak', main: `leaked-${run}.js`, dependencies: { express: '^5.0.0' } }));
    writeFileSync(join(outside, 'Dockerfile'), `FROM scratch\nEXPOSE 4242\n`);
    const repo = repository({ 'index.html': '<!doctype html>' }, { 'package.json': join(outside, 'package.json'), Dockerfile: join(outside, 'Dockerfile') });
    const reply = await call(alice, { repository: repo });
    expect(reply.status, JSON.stringify(reply.json)).toBe(200);
    expect(reply.json).toMatchObject({ framework: 'Static', kind: 'static', port: 8080 });
    expect(JSON.stringify(reply.json)).not.toContain(`leaked-${run}`);
    expect(JSON.stringify(reply.json)).not.toContain('4242');
  }, 60_000);

  it('answers 504 when no builder answers in time, and the job it queued expires with the wait', async () => {
    const idle = new Queue(`aether-test-detect-idle-${run}`, { connection });
    const { app: waiting } = controlApp({ ...parts, detectQueue: idle, detectTimeoutMs: 500 });
    const response = await waiting.request(`${ORIGIN}/api/detections`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie: alice, origin: ORIGIN },
      body: JSON.stringify({ repository: fixture('static-site') }),
    });
    expect(response.status).toBe(504);
    expect(await response.json()).toEqual({ error: { message: 'the builder did not answer within 1 s; try again' } });
    const [job] = await idle.getJobs(['waiting']);
    expect(detectJobSchema.parse(job!.data).expiresAt).toBeLessThanOrEqual(Date.now());
    await idle.obliterate({ force: true });
    await idle.close();
  });

  it('holds a user to two detections at once, so slow repositories of theirs cannot keep the workers from others', async () => {
    const idle = new Queue(`aether-test-detect-busy-${run}`, { connection });
    const { app: waiting } = controlApp({ ...parts, detectQueue: idle, detectTimeoutMs: 1_500 });
    const ask = (cookie: string) =>
      waiting.request(`${ORIGIN}/api/detections`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', cookie, origin: ORIGIN },
        body: JSON.stringify({ repository: fixture('static-site') }),
      });
    const [statuses, others] = await Promise.all([Promise.all([ask(alice), ask(alice), ask(alice)]).then((r) => r.map((x) => x.status).sort()), ask(bob)]);
    expect(statuses).toEqual([429, 504, 504]);
    expect(others.status).toBe(504);
    // Once those answered, the user may ask again.
    expect((await ask(alice)).status).toBe(504);
    await idle.obliterate({ force: true });
    await idle.close();
  }, 30_000);

  it('is rate-limited per user, since each one clones', async () => {
    const replies = [];
    for (let i = 0; i <= DETECT_PER_USER.attempts; i++) replies.push(await call(bob, { repository: `/no-such-repository-${run}` }));
    expect(replies.map((r) => r.status)).toContain(429);
    expect(replies.filter((r) => r.status !== 429).every((r) => r.status === 422 && r.json.error.field === 'repository')).toBe(true);
    expect((await call(alice, { repository: `/no-such-repository-${run}` })).status).toBe(422);
  }, 60_000);
});
