import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Queue } from 'bullmq';
import Docker from 'dockerode';
import type { Hono } from 'hono';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, beforeEach, expect } from 'vitest';
import type { ApiEnv } from '../../control/src/api/context.js';
import { dashboardSite } from '../../control/src/api/dashboard-site.js';
import { type ControlParts, controlApp } from '../../control/src/control-app.js';
import { containerStats } from '../../control/src/deployments/container-stats.js';
import { deploymentChanges } from '../../control/src/deployments/deployment-changes.js';
import { rolloutLocks } from '../../control/src/deployments/rollout-lock.js';
import type { Platform } from '../../control/src/deployments/platform.js';
import { parseSubnet } from '../../control/src/deployments/subnets.js';
import { buildLogWatch } from '../../control/src/logs/build-log-watch.js';
import { runtimeLogs } from '../../control/src/logs/runtime-logs.js';
import { createTestDatabase, type TestDatabase } from './database.js';
import { type FakeDns, startFakeDns } from './dns.js';
import { TEST_APP_LIMITS, TEST_APP_SUBNETS } from './platform.js';
import { testbedVar } from './testbed.js';

// Control's API as `controlApp` assembles it, against a Postgres database and Redis names of the
// file's own and nothing else of the test bed: no Docker engine, no Traefik, no builder. The
// store tests run on it in `npm test` and in the mutation run, where two Stryker workers may run
// one file at once: the database, the install's name (its Redis keys) and the build queue are
// random per file, and a route that reached for the engine would fail on a socket nobody serves.
// The app is assembled again before each test (`assemble`): Stryker counts what runs outside a
// test, in a beforeAll, as run by none, and would test a mutant of the route table only with the
// few tests that assemble an app of their own.

export const ORIGIN = 'http://aether.test';

export interface Caller {
  cookie?: string;
  token?: string;
}

export interface Reply {
  status: number;
  headers: Headers;
  json: Record<string, any> | null;
}

export interface StoreApp {
  /** What the app was assembled from: a test may assemble another from them, with a part of its own. */
  parts: ControlParts;
  /** The app `assemble` made last. */
  readonly app: Hono;
  /** The API's routes, for tests that walk its route table. */
  readonly api: Hono<ApiEnv>;
  /** Assembles the app again from `parts`: each store test file does so before each test. */
  assemble(): void;
  test: TestDatabase;
  platform: Platform;
  queue: Queue;
  redis: Redis;
  dns: FakeDns;
  /** What the API reported as unexpected: a test's afterAll expects none. */
  unexpected: unknown[];
  call(method: string, path: string, who?: Caller, body?: unknown, headers?: Record<string, string>): Promise<Reply>;
  request(path: string, init: RequestInit): Promise<Reply>;
  /** A signed-in user of the test's own: the first one made is the install's admin. */
  newUser(name: string): Promise<Caller & { id: string; email: string }>;
  /** A project of `owner`'s own. */
  newProject(owner: Caller, name: string): Promise<{ id: string; slug: string }>;
  close(): Promise<void>;
}

/** Each sign-up from a network of its own, so that only the tests of the rate limits meet them. */
export const someNetwork = () => ({ 'x-forwarded-for': `198.18.${randomBytes(1)[0]}.${randomBytes(1)[0]}` });

/**
 * A refusal as the API words each one: the status, a message a person can act on, and the field at
 * fault where there is one (none where the request as a whole is refused).
 */
export function expectRefusal(reply: Reply, status: number, field?: string): void {
  expect(reply.status, JSON.stringify(reply.json)).toBe(status);
  expect(reply.json?.error?.message).toMatch(/[a-z]{2,} [a-z]{2,}/i);
  expect(reply.json?.error?.field).toBe(field);
}

/**
 * A store test file's app: started before its tests and handed to `ready` (which keeps it and
 * makes the users the file needs), assembled again before each test, closed after the file with
 * no error that no test expected.
 */
export function useStoreApp(ready: (store: StoreApp) => Promise<void>, options: Partial<Pick<ControlParts, 'github' | 'allowLocalSources'>> = {}): void {
  let store: StoreApp | undefined;
  beforeAll(async () => {
    store = await startStoreApp(options);
    await ready(store);
  }, 60_000);
  beforeEach(() => {
    store!.assemble();
  });
  afterAll(async () => {
    await store?.close();
    expect(store?.unexpected ?? []).toEqual([]);
  });
}

export async function startStoreApp(options: Partial<Pick<ControlParts, 'github' | 'allowLocalSources'>> = {}): Promise<StoreApp> {
  const run = randomBytes(4).toString('hex');
  const test = await createTestDatabase();
  const redisUrl = testbedVar('REDIS_URL');
  const redis = new Redis(redisUrl);
  const queue = new Queue(`aether-builds-store-${run}`, { connection: new Redis(redisUrl, { maxRetriesPerRequest: null }) });
  const detectQueue = new Queue(`aether-detect-store-${run}`, { connection: queue.opts.connection });
  const dns = await startFakeDns();
  const stopping = new AbortController();
  const unexpected: unknown[] = [];
  const platform: Platform = {
    docker: new Docker({ socketPath: join(tmpdir(), `no-docker-engine-${run}.sock`) }),
    db: test.db,
    locks: rolloutLocks(test.url, 2),
    instance: `store-${run}`,
    secretKey: randomBytes(32),
    traefikUrl: new URL('http://127.0.0.1:9'),
    routesDir: await mkdtemp(join(tmpdir(), 'aether-store-routes-')),
    appsDomain: 'localhost',
    networks: { traefikContainer: 'none', pool: parseSubnet(TEST_APP_SUBNETS), prefix: 27 },
    appLimits: TEST_APP_LIMITS,
    keepRunning: 2,
    keepImages: 5,
    healthTimeoutMs: 1_000,
    drainMs: 0,
  };
  // The parts that hold connections, listeners or samples are made once, for every assembly.
  const changes = deploymentChanges(test.url);
  const parts: ControlParts = {
    platform,
    buildLogs: buildLogWatch(redis),
    runtimeLogs: runtimeLogs(platform.docker),
    containerStats: containerStats(platform),
    deploymentChanges: changes,
    queue,
    detectQueue,
    redis,
    allowLocalSources: options.allowLocalSources ?? true,
    dashboard: dashboardSite(ORIGIN),
    proxyHops: 1,
    dns: dns.resolver,
    stopping: stopping.signal,
    github: options.github,
    onUnexpected: (error) => unexpected.push(error),
  };
  let assembled = controlApp(parts);

  async function request(path: string, init: RequestInit): Promise<Reply> {
    const response = await assembled.app.request(`${ORIGIN}/api${path}`, init);
    const text = await response.text();
    return { status: response.status, headers: response.headers, json: text === '' ? null : (JSON.parse(text) as Record<string, any>) };
  }

  function call(method: string, path: string, who: Caller = {}, body?: unknown, headers: Record<string, string> = {}): Promise<Reply> {
    return request(path, {
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
  }

  let admin: Caller | undefined;
  async function newUser(name: string) {
    const email = `${name}-${randomBytes(3).toString('hex')}@example.com`;
    const invite = admin === undefined ? undefined : (await call('POST', '/admin/invites', admin, { email })).json!.token;
    const reply = await call('POST', '/auth/signup', {}, { email, password: 'a long enough password', ...(invite !== undefined && { invite }) }, someNetwork());
    expect(reply.status, JSON.stringify(reply.json)).toBe(200);
    const user = { cookie: reply.headers.get('set-cookie')!.split(';')[0]!, id: reply.json!.id as string, email };
    admin ??= user;
    return user;
  }

  async function newProject(owner: Caller, name: string) {
    const created = await call('POST', '/projects', owner, { slug: `${name}-${randomBytes(3).toString('hex')}`, repository: `/srv/${name}` });
    expect(created.status, JSON.stringify(created.json)).toBe(201);
    return created.json as { id: string; slug: string };
  }

  return {
    parts,
    get app() {
      return assembled.app;
    },
    get api() {
      return assembled.api;
    },
    assemble() {
      assembled = controlApp(parts);
    },
    test,
    platform,
    queue,
    redis,
    dns,
    unexpected,
    call,
    request,
    newUser,
    newProject,
    async close() {
      stopping.abort();
      await changes.close();
      dns.close();
      await detectQueue.obliterate({ force: true });
      await detectQueue.close();
      await queue.obliterate({ force: true });
      await queue.close();
      await (queue.opts.connection as Redis).quit();
      redis.disconnect();
      await platform.locks.close();
      await rm(platform.routesDir, { recursive: true, force: true });
      await test.drop();
    },
  };
}
