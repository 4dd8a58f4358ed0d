import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { serve, type ServerType } from '@hono/node-server';
import { Queue } from 'bullmq';
import { sql } from 'drizzle-orm';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dashboardSite } from '../control/src/api/dashboard-site.js';
import { createApiToken } from '../control/src/auth/tokens.js';
import { controlApp } from '../control/src/control-app.js';
import { deployments, projects, users } from '../control/src/db/schema.js';
import { LISTENER_NAME } from '../control/src/deployments/deployment-changes.js';
import { transition } from '../control/src/deployments/transition.js';
import { createTestDatabase, endSessions, type TestDatabase } from './support/database.js';
import { startFakeDns } from './support/dns.js';
import { startTestPlatform } from './support/platform.js';
import { type EventStream, openEvents, type ServerEvent } from './support/sse.js';
import { testbedVar } from './support/testbed.js';
import { STREAMS_PER_USER } from '../control/src/api/event-stream.js';
import { eventually } from './support/http.js';

// The dashboard's live view: GET /api/events over a real HTTP connection, against the real
// Postgres. Deployments change the way control and its reconciler change them (rows written and
// moved with `transition`, by this process or any other), and through the API.

const redisUrl = testbedVar('REDIS_URL');
const run = randomBytes(3).toString('hex');
const redis = new Redis(redisUrl);
// A queue of this file's own: nothing builds what the API queues here.
const queue = new Queue(`aether-test-events-${run}`, { connection: new Redis(redisUrl, { maxRetriesPerRequest: null }) });
const unexpected: unknown[] = [];
const stopping = new AbortController();
const open: EventStream[] = [];
let test: TestDatabase;
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
  const { platform } = await startTestPlatform(test.db, 'events');
  const dns = await startFakeDns();
  closeDns = dns.close;
  const { app } = controlApp({
    platform,
    queue,
    redis,
    allowLocalSources: true,
    dashboard: dashboardSite('http://localhost'),
    proxyHops: 1,
    dns: dns.resolver,
    stopping: stopping.signal,
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
  for (const stream of open) stream.close();
  stopping.abort();
  await new Promise((resolve) => server?.close(resolve));
  closeDns?.();
  await queue.obliterate({ force: true });
  await queue.close();
  redis.disconnect();
  await test.drop();
  expect(unexpected).toEqual([]);
});

async function owner(name: string): Promise<Owner> {
  const [user] = await test.db.insert(users).values({ email: `${name}-${run}@example.com` }).returning();
  return { id: user!.id, token: (await createApiToken(test.db, user!.id, 'events')).token };
}

async function events(who: Owner): Promise<EventStream> {
  const stream = await openEvents(`${origin}/api/events`, { authorization: `Bearer ${who.token}` });
  open.push(stream);
  expect(stream.status).toBe(200);
  return stream;
}

async function project(who: Owner) {
  const [row] = await test.db.insert(projects).values({ ownerId: who.id, slug: `events-${randomBytes(4).toString('hex')}`, repository: '/srv/app' }).returning();
  return row!;
}

async function queued(projectId: string) {
  const [row] = await test.db.insert(deployments).values({ projectId, trigger: 'manual', imageTag: 'aether/events:test' }).returning();
  return row!;
}

const data = (event: ServerEvent) => JSON.parse(event.data) as unknown;

describe('GET /api/events', () => {
  it("shows a user their own deployment's every move, in order, and another user none of it", async () => {
    const mine = await project(alice);
    const aliceSees = await events(alice);
    const bobSees = await events(bob);

    const deployment = await queued(mine.id);
    for (const to of ['building', 'deploying', 'ready'] as const) expect(await transition(test.db, deployment.id, to)).toBe(true);
    // Not a status move: nobody hears of it.
    await test.db.update(deployments).set({ commitMessage: 'amended' }).where(sql`${deployments.id} = ${deployment.id}`);

    const seen = await aliceSees.until((event) => (data(event) as { status: string }).status === 'ready');
    expect(seen.map((event) => event.event)).toEqual(['deployment', 'deployment', 'deployment', 'deployment']);
    expect(seen.map(data)).toEqual(
      ['queued', 'building', 'deploying', 'ready'].map((status) => ({ projectId: mine.id, deploymentId: deployment.id, status })),
    );

    // Bob's first event is his own, made after all of Alice's.
    const his = await queued((await project(bob)).id);
    expect(data((await bobSees.next())!)).toEqual({ projectId: his.projectId, deploymentId: his.id, status: 'queued' });
    // And Alice's next is not Bob's.
    const hers = await queued(mine.id);
    expect(data((await aliceSees.next())!)).toEqual({ projectId: mine.id, deploymentId: hers.id, status: 'queued' });
  });

  it('shows the deployments of a project created after the stream opened, queued through the API', async () => {
    const aliceSees = await events(alice);
    const created = await fetch(`${origin}/api/projects`, {
      method: 'POST',
      headers: { authorization: `Bearer ${alice.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ slug: `later-${run}`, repository: '/srv/app' }),
    });
    expect(created.status).toBe(201);
    const later = (await created.json()) as { id: string };
    const deployed = await fetch(`${origin}/api/projects/${later.id}/deployments`, { method: 'POST', headers: { authorization: `Bearer ${alice.token}` } });
    expect(deployed.status).toBe(202);
    const deployment = (await deployed.json()) as { id: string };
    expect(data((await aliceSees.next())!)).toEqual({ projectId: later.id, deploymentId: deployment.id, status: 'queued' });
  });

  it('answers 401 to a caller who is not signed in', async () => {
    const stream = await openEvents(`${origin}/api/events`);
    expect(stream.status).toBe(401);
  });

  it('a stranger with an account cannot exhaust Postgres connections by opening many event streams: one per instance listens for all, and all hear', async () => {
    const viewers = await Promise.all(Array.from({ length: 25 }, () => events(bob)));
    const [{ listeners }] = (
      await test.pool.query<{ listeners: number }>('SELECT count(*)::int AS listeners FROM pg_stat_activity WHERE datname = current_database() AND application_name = $1', [LISTENER_NAME])
    ).rows as [{ listeners: number }];
    expect(listeners).toBe(1);
    const deployment = await queued((await project(bob)).id);
    for (const viewer of viewers) expect(data((await viewer.next())!)).toMatchObject({ deploymentId: deployment.id, status: 'queued' });
  });

  it('ends every stream when its listening connection is lost, so that browsers reconnect and read again; the next stream listens anew', async () => {
    const before = await events(alice);
    await endSessions(test.pool, LISTENER_NAME);
    expect(await before.next()).toBeNull();

    const after = await events(alice);
    const deployment = await queued((await project(alice)).id);
    expect(data((await after.next())!)).toMatchObject({ deploymentId: deployment.id, status: 'queued' });
  });
  it(`refuses one user's ${STREAMS_PER_USER + 1}th stream at once with 429, while others, and the same user once one closed, get theirs`, async () => {
    const [carol, dan] = [await owner('carol'), await owner('dan')];
    const streams = await Promise.all(Array.from({ length: STREAMS_PER_USER }, () => events(carol)));
    const refused = await openEvents(`${origin}/api/events`, { authorization: `Bearer ${carol.token}` });
    expect(refused.status).toBe(429);
    expect((await events(dan)).status).toBe(200);
    streams[0]!.close();
    await eventually(async () => {
      const again = await openEvents(`${origin}/api/events`, { authorization: `Bearer ${carol.token}` });
      open.push(again);
      expect(again.status).toBe(200);
    });
  });
});
