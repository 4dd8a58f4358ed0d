import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Queue } from 'bullmq';
import { asc, eq } from 'drizzle-orm';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BuildWorker } from '../builder/src/queue/worker.js';
import { BUILD_QUEUE } from '../contract/build-job.js';
import { encodeBuildEvent, streams } from '../contract/build-streams.js';
import { consumeBuildEvents } from '../control/src/builds/build-events.js';
import { buildLogLines, deployments } from '../control/src/db/schema.js';
import { queueBuild } from '../control/src/deployments/queue-build.js';
import { tailBuildLogs } from '../control/src/logs/build-log-store.js';
import { setEnvVar } from '../control/src/projects/env-vars.js';
import { commitAll, startTestBuilder } from './support/build.js';
import { createTestDatabase, insertProject, type TestDatabase } from './support/database.js';
import { docker } from './support/docker.js';
import { eventually } from './support/http.js';
import { testbedVar } from './support/testbed.js';

// The whole path a build's record takes: control queues it, the real builder builds it and
// reports to Redis, control writes status, log lines and the generated Dockerfile to Postgres.

const redisUrl = testbedVar('REDIS_URL');
const redis = new Redis(redisUrl);
const queue = new Queue(BUILD_QUEUE, { connection: new Redis(redisUrl, { maxRetriesPerRequest: null }) });
const secretKey = randomBytes(32);
const instance = `test-records-${randomBytes(3).toString('hex')}`;
const control = new AbortController();
const built: string[] = [];
let test: TestDatabase;
let worker: BuildWorker;
let loops: Promise<unknown>;

function repository(files: Record<string, string>): string {
  const repo = mkdtempSync(join(tmpdir(), 'aether-records-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(repo, name), text);
  commitAll(repo, `records ${randomBytes(4).toString('hex')}`);
  return repo;
}

function project(repo: string) {
  return insertProject(test.db, { slug: `records-${randomBytes(3).toString('hex')}`, repository: repo });
}

async function deployment(id: string) {
  return (await test.db.query.deployments.findFirst({ where: eq(deployments.id, id) }))!;
}

async function logOf(id: string): Promise<string[]> {
  const rows = await test.db
    .select({ text: buildLogLines.text })
    .from(buildLogLines)
    .where(eq(buildLogLines.deploymentId, id))
    .orderBy(asc(buildLogLines.streamMs), asc(buildLogLines.streamSeq));
  return rows.map((row) => row.text);
}

async function settled(id: string) {
  return eventually(async () => {
    const row = await deployment(id);
    if (row.status === 'queued' || row.status === 'building') throw new Error(`still ${row.status}`);
    return row;
  }, 90_000);
}

beforeAll(async () => {
  test = await createTestDatabase();
  worker = await startTestBuilder(redis, secretKey, 2);
  const options = { redis, db: test.db, signal: control.signal };
  loops = Promise.all([
    consumeBuildEvents({ ...options, group: `test-${randomBytes(4).toString('hex')}`, onBuilt: (id) => built.push(id), onError: () => {} }),
    tailBuildLogs(redis, test.db, control.signal),
  ]);
});

afterAll(async () => {
  control.abort();
  await loops;
  await worker.close();
  await queue.close();
  redis.disconnect();
  await test.drop();
});

describe('a build, as control records it', () => {
  it('stores the commit, the generated Dockerfile and the log, and hands the image on', async () => {
    const repo = repository({ 'index.html': '<h1>records</h1>' });
    const queued = await queueBuild({ db: test.db, instance, queue, redis, secretKey }, await project(repo), 'manual');
    expect(queued.status).toBe('queued');

    const row = await settled(queued.id);
    expect(row.status).toBe('deploying');
    expect(row.commitSha).toBe(execFileSync('git', ['-C', repo, 'rev-parse', 'HEAD'], { encoding: 'utf8' }).trim());
    expect(row.commitMessage).toMatch(/^records /);
    expect(row.dockerfile).toMatch(new RegExp(`^FROM ${testbedVar('AETHER_IMAGE_STATIC')}`, 'm'));
    expect(row.framework).toBe('Static');
    const image = await docker.getImage(queued.imageTag).inspect();
    expect(image.Id).toBe(row.imageId);
    // Only this install's reconciler may clean the image up.
    expect(image.Config.Labels).toMatchObject({ 'dev.aether.instance': instance, 'dev.aether.project': row.projectId });
    expect(row.buildStartedAt!.getTime()).toBeLessThanOrEqual(row.buildFinishedAt!.getTime());
    expect(built).toContain(queued.id);

    const log = await logOf(queued.id);
    expect(log.slice(0, 2)).toEqual([expect.stringMatching(/^Cloning (branch|commit) /), expect.stringMatching(/^Checked out [0-9a-f]{7}: records /)]);
    expect(log).toContain('Detected a static site');
    expect(log.at(-1)).toBe(`Built image ${row.imageId!.replace(/^sha256:/, '').slice(0, 12)}`);
    expect(log.some((line) => line.includes('COPY'))).toBe(true);
  });

  it('writes log lines while the build still runs, and masks secrets in them', async () => {
    const secret = `sk_${randomBytes(10).toString('hex')}`;
    const repo = repository({
      Dockerfile: [
        `FROM ${testbedVar('AETHER_IMAGE_NODE')}`,
        'RUN --mount=type=secret,id=API_KEY echo "using key $(cat /run/secrets/API_KEY)" && echo first-line && sleep 4 && echo second-line',
        '',
      ].join('\n'),
      'unique.txt': randomBytes(8).toString('hex'),
    });
    const target = await project(repo);
    await setEnvVar(test.db, secretKey, target.id, { key: 'API_KEY', value: secret, scope: 'build', secret: true });
    const queued = await queueBuild({ db: test.db, instance, queue, redis, secretKey }, target, 'manual');

    await eventually(async () => {
      expect((await deployment(queued.id)).status).toBe('building');
      expect(await logOf(queued.id)).toContain('first-line');
    }, 60_000);
    const row = await settled(queued.id);
    expect(row.status).toBe('deploying');
    expect(row.dockerfile).toBeNull();
    const log = await logOf(queued.id);
    expect(log).toContain('second-line');
    expect(log).toContain('using key ***');
    expect(log.filter((line) => line.includes(secret))).toEqual([]);
  });

  it('marks a failed build failed, with the reason and the log up to the failure', async () => {
    const repo = repository({ 'notes.txt': 'nothing to build here' });
    const queued = await queueBuild({ db: test.db, instance, queue, redis, secretKey }, await project(repo), 'manual');

    const row = await settled(queued.id);
    expect(row.status).toBe('failed');
    expect(row.error).toMatch(/Dockerfile/);
    expect(row.imageId).toBeNull();
    expect(built).not.toContain(queued.id);
    expect((await logOf(queued.id))[1]).toMatch(/^Checked out/);
  });

  it('never fails or cancels a deployment past its build: an outcome the builder reports after the image (its queue lost the job meanwhile) leaves the rollout to decide', async () => {
    const { id: projectId } = await project('/nowhere');
    const row = async (status: 'deploying' | 'building') =>
      (await test.db.insert(deployments).values({ projectId, trigger: 'manual', imageTag: 'aether/none:1', status }).returning())[0]!;
    const [failedLate, canceledLate, later] = [await row('deploying'), await row('deploying'), await row('building')];
    await redis.xadd(streams.events, '*', ...encodeBuildEvent(failedLate.id, { type: 'failed', error: 'the builder could not finish the build: Missing key for job' }));
    await redis.xadd(streams.events, '*', ...encodeBuildEvent(canceledLate.id, { type: 'canceled', reason: 'canceled' }));
    await redis.xadd(streams.events, '*', ...encodeBuildEvent(later.id, { type: 'failed', error: 'applied after the two above' }));

    expect(await settled(later.id)).toMatchObject({ status: 'failed' });
    expect(await deployment(failedLate.id)).toMatchObject({ status: 'deploying', error: null });
    expect(await deployment(canceledLate.id)).toMatchObject({ status: 'deploying', error: null });
  });

  it("builds with the repository's aether.json over the project's settings, and keeps what the file set", async () => {
    const aether = { startCommand: 'node main.js', healthCheckPath: '/up' };
    const repo = repository({
      'package.json': JSON.stringify({ name: 'configured', scripts: { start: 'node server.js' } }),
      'main.js': "require('node:http').createServer((q, s) => s.end('ok')).listen(process.env.PORT)",
      'aether.json': JSON.stringify({ $schema: 'http://localhost/aether.schema.json', ...aether }),
    });
    const target = await insertProject(test.db, { slug: `records-${randomBytes(3).toString('hex')}`, repository: repo, settings: { startCommand: 'node server.js' } });
    const queued = await queueBuild({ db: test.db, instance, queue, redis, secretKey }, target, 'manual');

    const row = await settled(queued.id);
    expect(row.status).toBe('deploying');
    expect(row.repositorySettings).toEqual(aether);
    expect(row.dockerfile).toContain('CMD ["sh","-c","node main.js"]');
    expect(await logOf(queued.id)).toContain('Using aether.json: startCommand, healthCheckPath');
  });

  it('keeps what a build detected and the Dockerfile it generated when the build then fails', async () => {
    const repo = repository({
      'package.json': JSON.stringify({ name: 'breaks', scripts: { build: 'node -e "process.exit(3)"', start: 'node server.js' } }),
      'server.js': "require('node:http').createServer((q, s) => s.end('ok')).listen(process.env.PORT)",
    });
    const queued = await queueBuild({ db: test.db, instance, queue, redis, secretKey }, await project(repo), 'manual');

    const row = await settled(queued.id);
    expect(row.status).toBe('failed');
    expect(row.error).toMatch(/npm run build/);
    expect(row.framework).toBe('Node.js');
    expect(row.dockerfile).toContain(`RUN ["npm","run","build"]`);
  });
});
