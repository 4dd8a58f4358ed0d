import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { serve, type ServerType } from '@hono/node-server';
import { Queue } from 'bullmq';
import type Docker from 'dockerode';
import { Redis } from 'ioredis';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { redisReporter } from '../builder/src/queue/redis-reporter.js';
import { streams } from '../contract/build-streams.js';
import { dashboardSite } from '../control/src/api/dashboard-site.js';
import { createApiToken } from '../control/src/auth/tokens.js';
import { deployments, projects, users } from '../control/src/db/schema.js';
import { controlApp } from '../control/src/control-app.js';
import { containerName } from '../control/src/deployments/container-spec.js';
import type { Platform } from '../control/src/deployments/platform.js';
import { transition } from '../control/src/deployments/transition.js';
import { buildLogFeed, type BuildLogItem } from '../control/src/logs/build-log-feed.js';
import { persistBuildLog } from '../control/src/logs/build-log-store.js';
import { buildLogWatch } from '../control/src/logs/build-log-watch.js';
import { runtimeLogFeed } from '../control/src/logs/runtime-log-feed.js';
import { runtimeLogs } from '../control/src/logs/runtime-logs.js';
import { controlMetrics } from '../control/src/metrics/metrics.js';
import { createTestDatabase, type TestDatabase } from './support/database.js';
import { docker, TEST_LABEL, TEST_RUN } from './support/docker.js';
import { startFakeDns } from './support/dns.js';
import { eventually } from './support/http.js';
import { startTestPlatform } from './support/platform.js';
import { openEvents, type ServerEvent } from './support/sse.js';
import { testbedVar } from './support/testbed.js';

// Build and runtime logs as a dashboard reads them: Server-Sent Events over a real HTTP connection
// to the app as control serves it, against the real Postgres, Redis and Docker engine. A build "in
// progress" is its log written the way the builder writes it (its Redis reporter) and copied the way
// control copies it (persistBuildLog), its status moved with `transition`.

const redisUrl = testbedVar('REDIS_URL');
const run = randomBytes(3).toString('hex');
/** Named, as its duplicates are, so that CLIENT LIST tells the connections this file opened. */
const connectionName = `aether-test-live-logs-${run}`;
const redis = new Redis(redisUrl, { connectionName });
const lines = buildLogWatch(redis);
// A queue of this file's own: nothing takes its jobs, so its depth is what the test put there.
const queue = new Queue(`aether-test-live-logs-${run}`, { connection: new Redis(redisUrl, { maxRetriesPerRequest: null }) });
const reporter = redisReporter(redis, (error) => unexpected.push(error));
const METRICS_TOKEN = randomBytes(24).toString('hex');
const unexpected: unknown[] = [];
const requestLog: Array<Record<string, unknown>> = [];
const stopping = new AbortController();
const logs = runtimeLogs(docker);
const containers = new Set<Docker.Container>();
let test: TestDatabase;
let platform: Platform;
let server: ServerType;
let origin: string;
let closeDns: () => void;
let alice: Owner;
let bob: Owner;

interface Owner {
  id: string;
  token: string;
}

beforeAll(async () => {
  test = await createTestDatabase();
  ({ platform } = await startTestPlatform(test.db, 'logs'));
  const dns = await startFakeDns();
  closeDns = dns.close;
  const log = pino({ level: 'info' }, { write: (line: string) => void requestLog.push(JSON.parse(line) as Record<string, unknown>) });
  const { app } = controlApp({
    platform,
    queue,
    redis,
    allowLocalSources: true,
    dashboard: dashboardSite('http://localhost'),
    proxyHops: 1,
    dns: dns.resolver,
    buildLogs: lines,
    runtimeLogs: logs,
    stopping: stopping.signal,
    monitoring: { metrics: controlMetrics(queue), metricsToken: METRICS_TOKEN, log },
    onUnexpected: (error) => unexpected.push(error),
  });
  server = await new Promise<ServerType>((resolve) => {
    const listening = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(listening));
  });
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  alice = await owner('alice');
  bob = await owner('bob');
}, 60_000);

afterAll(async () => {
  stopping.abort();
  await new Promise((resolve) => server?.close(resolve));
  await Promise.all([...containers].map((container) => container.remove({ force: true }).catch(() => undefined)));
  closeDns?.();
  await queue.obliterate({ force: true });
  await queue.close();
  redis.disconnect();
  await test.drop();
  expect(unexpected).toEqual([]);
});

async function owner(name: string): Promise<Owner> {
  const [user] = await test.db.insert(users).values({ email: `${name}-${run}@example.com` }).returning();
  return { id: user!.id, token: (await createApiToken(test.db, user!.id, 'logs')).token };
}

const as = (who: Owner, headers: Record<string, string> = {}) => ({ authorization: `Bearer ${who.token}`, ...headers });

/** A deployment of a new project of `who`'s, its build started. */
async function buildingDeployment(who: Owner) {
  const [project] = await test.db.insert(projects).values({ ownerId: who.id, slug: `logs-${randomBytes(4).toString('hex')}`, repository: '/srv/app' }).returning();
  const [deployment] = await test.db.insert(deployments).values({ projectId: project!.id, trigger: 'manual', imageTag: 'aether/logs:test' }).returning();
  expect(await transition(test.db, deployment!.id, 'building', { buildStartedAt: new Date() })).toBe(true);
  return { project: project!, deployment: deployment!, url: (what: string) => `${origin}/api/projects/${project!.id}/deployments/${deployment!.id}/${what}` };
}

/** What the builder does with each line of its log. */
function write(deploymentId: string, ...texts: string[]): void {
  for (const text of texts) reporter.line(deploymentId, { timestamp: new Date(), step: 1, stream: 'stdout', text });
}

/** What control does when a build's failure reaches it: every line to Postgres, then the status. */
async function fail(deploymentId: string): Promise<void> {
  await persistBuildLog(redis, test.db, deploymentId);
  expect(await transition(test.db, deploymentId, 'failed', { buildFinishedAt: new Date(), error: 'the build failed' })).toBe(true);
}

async function streamIds(deploymentId: string): Promise<string[]> {
  return ((await redis.xrange(streams.log(deploymentId), '-', '+')) as Array<[string, string[]]>).map(([id]) => id);
}

const texts = (events: ServerEvent[]) => events.filter((e) => e.event === 'message').map((e) => (JSON.parse(e.data) as { text: string }).text);
const numbered = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => `line ${from + i}`);
const hasText = (text: string) => (event: ServerEvent) => event.event === 'message' && (JSON.parse(event.data) as { text: string }).text === text;
const isEnd = (event: ServerEvent) => event.event === 'end';

/** The value of one series in Prometheus' text format; 0 when it is not there yet. */
function sample(text: string, series: string): number {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line === undefined ? 0 : Number(line.slice(series.length + 1));
}

describe('build logs', () => {
  it('gives viewers who join mid-build the earlier lines, then the same live ones in order, then the end', async () => {
    const { deployment, url } = await buildingDeployment(alice);
    write(deployment.id, ...numbered(1, 3));
    // As control's tail copies them while the build runs; lines 4 and 5 are still only in Redis.
    await persistBuildLog(redis, test.db, deployment.id);
    write(deployment.id, ...numbered(4, 5));

    const first = await openEvents(url('build-logs'), as(alice));
    const second = await openEvents(url('build-logs'), as(alice));
    expect(first.status).toBe(200);
    const earlier = [await first.until(hasText('line 5')), await second.until(hasText('line 5'))];
    expect(earlier.map(texts)).toEqual([numbered(1, 5), numbered(1, 5)]);

    write(deployment.id, ...numbered(6, 8));
    const live = [await first.until(hasText('line 8')), await second.until(hasText('line 8'))];
    expect(live.map(texts)).toEqual([numbered(6, 8), numbered(6, 8)]);

    write(deployment.id, 'line 9');
    await fail(deployment.id);
    const rest = [await first.until(isEnd), await second.until(isEnd)];
    expect(rest.map(texts)).toEqual([['line 9'], ['line 9']]);
    expect(rest.map((events) => events.at(-1))).toEqual([
      { event: 'end', data: JSON.stringify({ status: 'failed' }), id: expect.any(String) },
      { event: 'end', data: JSON.stringify({ status: 'failed' }), id: expect.any(String) },
    ]);
    // The stream closes after its end, so EventSource does not reconnect.
    expect(await first.next()).toBeNull();

    const seen = [...earlier[0]!, ...live[0]!, ...rest[0]!];
    expect(seen.filter((e) => e.event === 'message').map((e) => e.id)).toEqual(await streamIds(deployment.id));
    expect([...earlier[1]!, ...live[1]!, ...rest[1]!]).toEqual(seen);
    const line = JSON.parse(seen[0]!.data) as Record<string, unknown>;
    expect(line).toEqual({ at: expect.any(String), step: 1, stream: 'stdout', text: 'line 1' });
  });

  it('a stranger with an account cannot exhaust Redis connections by opening many build-log streams: viewers share them, and all get every line', async () => {
    const { deployment, url } = await buildingDeployment(alice);
    write(deployment.id, 'line 1');
    const viewers = await Promise.all(Array.from({ length: 30 }, () => openEvents(url('build-logs'), as(alice))));
    try {
      for (const viewer of viewers) expect(texts(await viewer.until(hasText('line 1')))).toEqual(['line 1']);
      write(deployment.id, ...numbered(2, 4));
      for (const viewer of viewers) expect(texts(await viewer.until(hasText('line 4')))).toEqual(numbered(2, 4));

      const clients = ((await redis.client('LIST')) as string).split('\n').filter((line) => line.includes(` name=${connectionName} `));
      // This file's own connection, and the one every viewer's wait for new lines shares.
      expect(clients.length).toBeLessThanOrEqual(2);
    } finally {
      for (const viewer of viewers) viewer.close();
    }
  });

  it('resumes after Last-Event-ID with exactly the lines after it, from Redis or, once they moved, from Postgres', async () => {
    const { deployment, url } = await buildingDeployment(alice);
    write(deployment.id, ...numbered(1, 5));
    const viewer = await openEvents(url('build-logs'), as(alice));
    const before = await viewer.until(hasText('line 5'));
    viewer.close();
    const ids = await streamIds(deployment.id);
    expect(before.map((e) => e.id)).toEqual(ids);

    // Mid-build, from the Redis stream: the header EventSource sends, or the query a script can set.
    const resumed = await openEvents(url('build-logs'), as(alice, { 'last-event-id': ids[1]! }));
    expect(texts(await resumed.until(hasText('line 5')))).toEqual(numbered(3, 5));
    resumed.close();
    const byQuery = await openEvents(url(`build-logs?lastEventId=${ids[3]}`), as(alice));
    expect(texts(await byQuery.until(hasText('line 5')))).toEqual(['line 5']);
    byQuery.close();

    // The build ends while nobody watches, and its Redis stream expires: Postgres has every line.
    write(deployment.id, ...numbered(6, 8));
    await fail(deployment.id);
    await redis.del(streams.log(deployment.id));
    const after = await openEvents(url('build-logs'), as(alice, { 'last-event-id': before.at(-1)!.id }));
    const rest = await after.until(isEnd);
    expect(texts(rest)).toEqual(numbered(6, 8));
    expect(rest.at(-1)!.data).toBe(JSON.stringify({ status: 'failed' }));
    const atEnd = await openEvents(url('build-logs'), as(alice, { 'last-event-id': rest.at(-2)!.id }));
    expect((await atEnd.until(isEnd)).map((e) => e.event)).toEqual(['end']);
  });

  it('fills in from Postgres the lines Redis trimmed while a viewer was behind', async () => {
    const { deployment } = await buildingDeployment(alice);
    write(deployment.id, ...numbered(1, 10));
    await persistBuildLog(redis, test.db, deployment.id);
    const signal = new AbortController().signal;
    const feed = buildLogFeed({ db: test.db, lines, deploymentId: deployment.id, idleMs: 200, signal });
    const items: BuildLogItem[] = [];
    for (let i = 0; i < 10; i++) items.push((await feed.next()).value as BuildLogItem);

    // The viewer stalls; meanwhile the builder writes on, control copies, and Redis trims (MAXLEN).
    write(deployment.id, ...numbered(11, 2_510));
    await persistBuildLog(redis, test.db, deployment.id);
    await redis.xtrim(streams.log(deployment.id), 'MAXLEN', 1_200);
    expect(await redis.xlen(streams.log(deployment.id))).toBe(1_200);
    await transition(test.db, deployment.id, 'canceled', { error: 'enough' });

    for await (const item of feed) items.push(item);
    expect(items.at(-1)).toEqual({ type: 'end', status: 'canceled' });
    expect(items.flatMap((item) => (item.type === 'line' ? [item.line.text] : []))).toEqual(numbered(1, 2_510));
  });

  it('refuses a malformed Last-Event-ID naming it, and shows nobody else the logs', async () => {
    const { url } = await buildingDeployment(alice);
    for (const [path, headers, field] of [
      ['build-logs', { 'last-event-id': 'latest' }, 'Last-Event-ID'],
      ['build-logs?lastEventId=1-2-3', {}, 'lastEventId'],
      ['runtime-logs', { 'last-event-id': '12-3' }, 'Last-Event-ID'],
    ] as const) {
      const reply = await fetch(url(path), { headers: as(alice, headers) });
      expect(reply.status, path).toBe(400);
      expect(await reply.json(), path).toMatchObject({ error: { field } });
    }
    for (const path of ['build-logs', 'runtime-logs', 'state']) {
      const reply = await fetch(url(path), { headers: as(bob) });
      expect(reply.status, path).toBe(404);
      expect(await reply.json(), path).toEqual({ error: { message: 'no such project' } });
      expect((await fetch(url(path))).status, path).toBe(401);
    }
  });
});

// "line N" every 100 ms, every 5th on stderr, as test/runtime-logs.test.ts prints.
const PRINTER = `
let n = 0;
setInterval(() => {
  n += 1;
  (n % 5 === 0 ? process.stderr : process.stdout).write('line ' + n + '\\n');
}, 100);
`;

describe('runtime logs', () => {
  async function deployedContainer(cmd: string[]) {
    const target = await buildingDeployment(alice);
    const container = await docker.createContainer({
      name: containerName(target.deployment.id, target.project.slug),
      Image: testbedVar('AETHER_IMAGE_NODE'),
      Cmd: cmd,
      Labels: { [TEST_LABEL]: TEST_RUN },
      HostConfig: { NetworkMode: 'none' },
    });
    containers.add(container);
    await container.start();
    return { ...target, container };
  }

  const numberOf = (event: ServerEvent) => Number(/^line (\d+)$/.exec((JSON.parse(event.data) as { text: string }).text)?.[1]);
  const atLeast = (n: number) => (event: ServerEvent) => event.event === 'message' && numberOf(event) >= n;

  it('streams what the app prints, gives a later viewer the recent lines first, and resumes after Last-Event-ID', async () => {
    const { url, container } = await deployedContainer(['node', '-e', PRINTER]);
    expect(await (await fetch(url('state'), { headers: as(alice) })).json()).toMatchObject({ state: 'running', restarts: 0 });

    const early = await openEvents(url('runtime-logs'), as(alice));
    const start = await early.next();
    const firstSeen = await early.until(atLeast(numberOf(start!) + 10));
    const earlyLines = [start!, ...firstSeen];
    const numbers = earlyLines.map(numberOf);
    expect(numbers).toEqual(numbers.map((_, i) => numbers[0]! + i));
    expect(JSON.parse(earlyLines[4]!.data)).toEqual({ at: expect.any(String), stream: expect.stringMatching(/^std(out|err)$/), text: expect.any(String) });
    const ids = earlyLines.map((e) => BigInt(e.id));
    expect(ids).toEqual([...ids].sort((a, b) => (a < b ? -1 : 1)));

    // The later viewer shares the stream: the backfill (everything so far) comes first.
    const late = await openEvents(url('runtime-logs'), as(alice));
    const lateLines = await late.until(atLeast(numbers.at(-1)! + 5));
    expect(lateLines.slice(0, earlyLines.length)).toEqual(earlyLines);
    expect(lateLines.map(numberOf)).toEqual(lateLines.map((_, i) => numbers[0]! + i));

    const resumed = await openEvents(url('runtime-logs'), as(alice, { 'last-event-id': earlyLines[6]!.id }));
    expect(await resumed.next()).toEqual(earlyLines[7]);
    resumed.close();

    await container.remove({ force: true });
    containers.delete(container);
    for (const viewer of [early, late]) {
      const end = (await viewer.until(isEnd)).at(-1)!;
      expect(end).toMatchObject({ event: 'end' });
      // The log ends as the container is killed; whether it is already gone depends on the engine's timing.
      expect(['exited', 'missing']).toContain((JSON.parse(end.data) as { state: string }).state);
    }
    expect(await (await fetch(url('state'), { headers: as(alice) })).json()).toEqual({ state: 'missing' });
    const gone = await fetch(url('runtime-logs'), { headers: as(alice) });
    expect(gone.status).toBe(409);
    expect(await gone.json()).toMatchObject({ error: { message: expect.stringMatching(/no container/) } });
  });

  it('lets go of a viewer that falls too far behind, without an end, so that it reconnects', async () => {
    const { deployment, project } = await deployedContainer(['node', '-e', PRINTER]);
    const feed = runtimeLogFeed(logs, containerName(deployment.id, project.slug), { signal: new AbortController().signal, maxPending: 3 });
    expect((await feed.next()).value).toMatchObject({ type: 'line' });
    // The viewer reads nothing for a second: ten lines pile up.
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    expect(await feed.next()).toEqual({ done: true, value: undefined });
  });

  it("shows an exited container's last lines, then ends with how it exited", async () => {
    // stdout and stderr are separate pipes, which Docker reads apart: lines of both written in
    // the same instant have no order, so the second comes a moment later.
    const app = 'console.log("starting"); setTimeout(() => { console.error("fatal: no database"); process.exit(3); }, 100)';
    const { url, container } = await deployedContainer(['node', '-e', app]);
    await eventually(async () => expect((await container.inspect()).State.Status).toBe('exited'));
    const viewer = await openEvents(url('runtime-logs'), as(alice));
    const events = await viewer.until(isEnd);
    expect(events.slice(0, -1).map((e) => JSON.parse(e.data) as unknown)).toEqual([
      { at: expect.any(String), stream: 'stdout', text: 'starting' },
      { at: expect.any(String), stream: 'stderr', text: 'fatal: no database' },
    ]);
    expect(JSON.parse(events.at(-1)!.data)).toMatchObject({ state: 'exited', exitCode: 3, oomKilled: false });
  });
});

describe('/metrics', () => {
  it('is a 404 without the token, and with it counts requests by route pattern and shows the queue', async () => {
    const scrape = async () => {
      const reply = await fetch(`${origin}/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } });
      expect(reply.status).toBe(200);
      expect(reply.headers.get('content-type')).toMatch(/^text\/plain/);
      return reply.text();
    };
    const stateRoute = 'method="GET",route="/api/projects/:projectId/deployments/:deploymentId/state",status="200"';
    const before = sample(await scrape(), `aether_http_requests_total{${stateRoute}}`);
    const { url } = await buildingDeployment(alice);
    for (let i = 0; i < 3; i++) await (await fetch(url('state'), { headers: as(alice) })).text();
    await queue.add('waiting', {});
    for (const headers of [{}, { authorization: 'Bearer wrong' }, as(alice)]) {
      expect((await fetch(`${origin}/metrics`, { headers })).status).toBe(404);
    }

    const text = await scrape();
    expect(sample(text, `aether_http_requests_total{${stateRoute}}`)).toBe(before + 3);
    expect(sample(text, `aether_http_request_duration_seconds_count{${stateRoute}}`)).toBe(before + 3);
    expect(sample(text, 'aether_http_requests_total{method="GET",route="/metrics",status="404"}')).toBe(3);
    expect(sample(text, 'aether_build_queue_depth{state="waiting"}')).toBe(1);
    expect(sample(text, 'process_resident_memory_bytes')).toBeGreaterThan(0);
    // Route patterns only: no deployment or project ID made a series of its own.
    expect(text).not.toMatch(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/);
  });

  it('logs each request by route, status and time, and never its credentials', async () => {
    // Requests of its own, with both credentials: the log must not depend on which tests ran before.
    const { url } = await buildingDeployment(alice);
    await (await fetch(url('state'), { headers: as(alice) })).text();
    await (await fetch(`${origin}/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } })).text();
    const logged = requestLog.filter((entry) => entry.msg === 'request');
    expect(logged).toContainEqual({
      level: 30,
      time: expect.any(Number),
      pid: expect.any(Number),
      hostname: expect.any(String),
      msg: 'request',
      method: 'GET',
      route: '/api/projects/:projectId/deployments/:deploymentId/state',
      status: 200,
      ms: expect.any(Number),
    });
    expect(JSON.stringify(requestLog)).not.toContain(alice.token);
    expect(JSON.stringify(requestLog)).not.toContain(METRICS_TOKEN);
  });
});
