import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes, randomInt } from 'node:crypto';
import { once } from 'node:events';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Queue } from 'bullmq';
import { eq } from 'drizzle-orm';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BuildWorker } from '../builder/src/queue/worker.js';
import { BUILD_QUEUE } from '../contract/build-job.js';
import { streams } from '../contract/build-streams.js';
import { deployments, projects } from '../control/src/db/schema.js';
import { AETHER_LABELS } from '../contract/aether-labels.js';
import { queueBuild } from '../control/src/deployments/queue-build.js';
import { commitAll, startTestBuilder } from './support/build.js';
import { createTestDatabase, insertProject, type TestDatabase } from './support/database.js';
import { createTestNetwork, docker, testInstance } from './support/docker.js';
import { eventually, get } from './support/http.js';
import { freePort } from './support/ports.js';
import { startTraefik } from './support/traefik.js';
import { testbedVar } from './support/testbed.js';

// The real control process, killed in the middle of a rollout: apps keep serving while it is
// down, and when it starts again its reconciler finishes what the crash left half done.

const root = fileURLToPath(new URL('..', import.meta.url));
/**
 * A Redis database of this file's own: the build queue and the build-event stream have fixed
 * names, and another test's builder or control on the shared one would take this file's jobs and
 * events.
 */
const redisUrl = (() => {
  const url = new URL(testbedVar('REDIS_URL'));
  url.pathname = `/${1 + randomInt(15)}`;
  return url.href;
})();
const redis = new Redis(redisUrl);
const queue = new Queue(BUILD_QUEUE, { connection: new Redis(redisUrl, { maxRetriesPerRequest: null }) });
const secretKey = randomBytes(32);
const run = randomBytes(3).toString('hex');
const instance = testInstance('restart');
let test: TestDatabase;
/** How control queues builds, as the control process under test is configured. */
const builds = () => ({ db: test.db, instance, queue, redis, secretKey });
let worker: BuildWorker;
let traefik: Awaited<ReturnType<typeof startTraefik>>;
let network: string;
let control: ChildProcess | undefined;
let project: typeof projects.$inferSelect;
const repo = mkdtempSync(join(tmpdir(), 'aether-restart-'));

async function startControl(): Promise<void> {
  control = spawn(process.execPath, ['--import', 'tsx', 'control/src/main.ts'], {
    cwd: root,
    env: {
      ...process.env,
      PORT: String(await freePort()),
      DATABASE_URL: test.url,
      REDIS_URL: redisUrl,
      AETHER_SECRET_KEY: secretKey.toString('base64'),
      AETHER_APPS_DOMAIN: 'localhost',
      AETHER_TRAEFIK_URL: traefik.url.href,
      AETHER_ROUTES_DIR: traefik.routesDir,
      AETHER_TRAEFIK_CONTAINER: traefik.container,
      AETHER_INSTANCE: instance,
      AETHER_DRAIN_SECONDS: '0.5',
    },
    stdio: 'ignore',
  });
}

async function killControl(): Promise<void> {
  const exited = once(control!, 'exit');
  control!.kill('SIGKILL');
  await exited;
}

/** Commits an app that answers `body`, `delaySeconds` after it starts. */
function commitApp(body: string, delaySeconds: number): void {
  writeFileSync(join(repo, 'server.js'), `setTimeout(() => require('node:http').createServer((req, res) => res.end(${JSON.stringify(body)})).listen(process.env.PORT), ${delaySeconds * 1000});`);
  writeFileSync(join(repo, 'Dockerfile'), `FROM ${testbedVar('AETHER_IMAGE_NODE')}\nCOPY server.js /app/\nEXPOSE 3000\nCMD ["node", "/app/server.js"]\n`);
  commitAll(repo, body);
}

async function statusOf(id: string) {
  return (await test.db.query.deployments.findFirst({ where: eq(deployments.id, id) }))!;
}

const containersOf = (deploymentId: string) =>
  docker.listContainers({ all: true, filters: JSON.stringify({ label: [`${AETHER_LABELS.deployment}=${deploymentId}`] }) });

beforeAll(async () => {
  test = await createTestDatabase();
  network = await createTestNetwork(`aether-test-restart-${run}`);
  traefik = await startTraefik(network);
  worker = await startTestBuilder(redis, secretKey, 1, redisUrl);
  project = await insertProject(test.db, { slug: `restart-${run}`, repository: repo });
  await startControl();
}, 120_000);

afterAll(async () => {
  if (control?.exitCode === null) await killControl();
  await worker.close();
  await queue.obliterate({ force: true });
  await queue.close();
  await redis.del(streams.events);
  redis.disconnect();
  const filters = JSON.stringify({ label: [`${AETHER_LABELS.project}=${project.id}`] });
  for (const c of await docker.listContainers({ all: true, filters })) await docker.getContainer(c.Id).remove({ force: true });
  await test.drop();
});

describe('control killed during a rollout', () => {
  it('leaves the app serving, and on restart takes the rollout up again with the container it had started, which goes live', async () => {
    commitApp('v1', 0);
    const first = await queueBuild(builds(), project, 'manual');
    await eventually(async () => {
      const { status, error } = await statusOf(first.id);
      expect({ status, error }).toEqual({ status: 'ready', error: null });
    }, 90_000);
    expect((await get(traefik.port, `restart-${run}.localhost`)).body).toBe('v1');

    // Answering late, so that the kill lands while the rollout waits for it.
    commitApp('v2', 20);
    const second = await queueBuild(builds(), project, 'manual');
    const started = await eventually(async () => {
      expect((await statusOf(second.id)).status).toBe('deploying');
      const containers = await containersOf(second.id);
      expect(containers).toHaveLength(1);
      return containers[0]!.Id;
    }, 90_000);
    await killControl();

    expect((await get(traefik.port, `restart-${run}.localhost`)).body).toBe('v1');

    await startControl();
    const resumed = await eventually(async () => {
      const row = await statusOf(second.id);
      expect(row.status).toBe('ready');
      return row;
    }, 120_000);
    expect(resumed.error).toBeNull();
    expect((await containersOf(second.id)).map((container) => container.Id)).toEqual([started]);
    expect((await get(traefik.port, `restart-${run}.localhost`)).body).toBe('v2');
    expect((await test.db.query.projects.findFirst({ where: eq(projects.id, project.id) }))!.productionDeploymentId).toBe(second.id);
  });
});

describe('a build that ends while control is down', () => {
  /** As if control had been away for longer than the reconciler lets a build go unheard of. */
  const ageBeyondLostBuildLimit = (id: string) => test.db.update(deployments).set({ createdAt: new Date(Date.now() - 10 * 60_000) }).where(eq(deployments.id, id));

  it('a build that completes while control restarts ships once control is back, rather than being failed as lost', async () => {
    await killControl();
    commitApp('v3', 0);
    const third = await queueBuild(builds(), project, 'manual');
    await eventually(async () => expect(await queue.getJobState(third.id)).toBe('completed'), 90_000);
    await ageBeyondLostBuildLimit(third.id);

    await startControl();
    const shipped = await eventually(async () => {
      const row = await statusOf(third.id);
      expect({ status: row.status, error: row.error }).toEqual({ status: 'ready', error: null });
      return row;
    }, 60_000);
    expect(shipped.imageId).not.toBeNull();
    await eventually(async () => expect((await get(traefik.port, `restart-${run}.localhost`)).body).toBe('v3'));
  });

  it('fails a build whose job the queue truly lost, saying so', async () => {
    await killControl();
    await queue.pause();
    const lost = await queueBuild(builds(), project, 'manual');
    await queue.remove(lost.id);
    await queue.resume();
    expect(await queue.getJobState(lost.id)).toBe('unknown');
    await ageBeyondLostBuildLimit(lost.id);

    await startControl();
    const failed = await eventually(async () => {
      const row = await statusOf(lost.id);
      expect(row.status).toBe('failed');
      return row;
    }, 60_000);
    expect(failed.error).toBe('the build was lost: the builder no longer holds it');
  });
});
