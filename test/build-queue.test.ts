import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { baseImages } from '../builder/src/base-images.js';
import { redisReporter } from '../builder/src/queue/redis-reporter.js';
import { type BuildWorker, startBuildWorker } from '../builder/src/queue/worker.js';
import { BUILD_QUEUE } from '../contract/build-job.js';
import { streams } from '../contract/build-streams.js';
import { type BuildRequest, cancelBuild, enqueueBuild as enqueue } from '../contract/enqueue.js';
import { commitAll, testWorkerLog } from './support/build.js';
import { docker } from './support/docker.js';
import { eventually } from './support/http.js';
import { testbedEnv, testbedVar } from './support/testbed.js';

const redisUrl = testbedVar('REDIS_URL');
const redis = new Redis(redisUrl);
const queue = new Queue(BUILD_QUEUE, { connection: new Redis(redisUrl, { maxRetriesPerRequest: null }) });
const run = randomBytes(3).toString('hex');
const secretKey = randomBytes(32);

/** The job key in a file, where control leaves it for the builder service. */
function keyFile(): string {
  const path = join(mkdtempSync(join(tmpdir(), 'aether-build-key-')), 'key');
  writeFileSync(path, secretKey.toString('base64'), { mode: 0o600 });
  return path;
}
const enqueueBuild = (q: Queue, r: Redis, request: BuildRequest) => enqueue(q, r, secretKey, request);

/** A repository whose build takes `seconds`, and is never answered from the build cache. */
function slowRepository(seconds: number): string {
  const repo = mkdtempSync(join(tmpdir(), 'aether-queue-'));
  writeFileSync(join(repo, 'unique.txt'), randomBytes(8).toString('hex'));
  writeFileSync(join(repo, 'Dockerfile'), `FROM ${testbedVar('AETHER_IMAGE_NODE')}\nCOPY unique.txt /\nRUN ["sleep", "${seconds}"]\n`);
  commitAll(repo, `sleeps ${seconds}s`);
  return repo;
}

function job(name: string, project: string, repository: string): BuildRequest {
  return {
    instance: `test-${run}`,
    deploymentId: `${name}-${run}`,
    projectId: `${project}-${run}`,
    repository,
    revision: { kind: 'branch', branch: 'main' },
    rootDirectory: '',
    settings: {},
    tag: `aether-test/queue-${name}-${run}:latest`,
  };
}

/** Every event reported for the run's deployments, in the order the stream holds them. */
async function events(): Promise<Array<{ deployment: string; type: string; detail: Record<string, unknown> }>> {
  const entries = await redis.xrange(streams.events, '-', '+');
  return entries
    .map(([, fields]) => ({ deployment: fields[1]!, event: JSON.parse(fields[3]!) as { type: string } & Record<string, unknown> }))
    .filter((e) => e.deployment.endsWith(`-${run}`))
    .map((e) => ({ deployment: e.deployment.replace(`-${run}`, ''), type: e.event.type, detail: e.event }));
}

/** Every key's name and value, whatever its type, as one text. */
async function everythingRedisHolds(): Promise<string> {
  const texts: string[] = [];
  for await (const names of redis.scanStream({ count: 1000 }) as AsyncIterable<string[]>) {
    for (const name of names) {
      const value = await valueOf(name).catch(() => null);
      texts.push(`${name} ${JSON.stringify(value)}`);
    }
  }
  return texts.join('\n');
}

async function valueOf(name: string): Promise<unknown> {
  switch (await redis.type(name)) {
    case 'string':
      return redis.get(name);
    case 'hash':
      return redis.hgetall(name);
    case 'list':
      return redis.lrange(name, 0, -1);
    case 'set':
      return redis.smembers(name);
    case 'zset':
      return redis.zrange(name, '0', '-1');
    case 'stream':
      return redis.xrange(name, '-', '+');
    default:
      return null;
  }
}

/** The events that move a deployment, in order: what a build detected is told on the way and does not. */
async function typesOf(deployment: string): Promise<string[]> {
  return (await events()).filter((e) => e.deployment === deployment && e.type !== 'detected').map((e) => e.type);
}

async function startWorker(timeoutMs: number, lockTtlMs = 10_000): Promise<BuildWorker> {
  return startBuildWorker({
    redisUrl,
    environment: { docker, images: baseImages({}), workDir: tmpdir(), allowLocal: true },
    reporter: redisReporter(redis, () => {}),
    secretKey,
    concurrency: 2,
    timeoutMs,
    lockTtlMs,
    retryDelayMs: 200,
    log: testWorkerLog,
  });
}

beforeAll(async () => {
  await queue.obliterate({ force: true });
});

afterAll(async () => {
  await queue.obliterate({ force: true });
  await queue.close();
  const images = await docker.listImages({ filters: JSON.stringify({ label: [`dev.aether.project`] }) });
  await Promise.all(images.filter((i) => (i.RepoTags ?? []).some((t) => t.includes(run))).map((i) => docker.getImage(i.Id).remove({ force: true })));
  await redis.quit();
});

describe('the build queue', () => {
  let worker: BuildWorker;
  beforeAll(async () => {
    worker = await startWorker(120_000);
  });
  afterAll(async () => {
    await worker.close();
  });

  it('builds one deployment of a project at a time, and a newer push supersedes a queued one', async () => {
    await enqueueBuild(queue, redis, job('a1', 'web', slowRepository(3)));
    await eventually(async () => expect(await typesOf('a1')).toEqual(['building']), 60_000);
    await enqueueBuild(queue, redis, job('a2', 'web', slowRepository(1)));
    await enqueueBuild(queue, redis, job('a3', 'web', slowRepository(1)));

    await eventually(async () => expect(await typesOf('a3')).toEqual(['building', 'built']), 60_000);
    expect(await typesOf('a2')).toEqual(['superseded']);
    expect((await events()).find((e) => e.deployment === 'a2')?.detail).toMatchObject({ by: `a3-${run}` });
    const order = (await events()).filter((e) => ['a1', 'a3'].includes(e.deployment) && e.type !== 'detected').map((e) => `${e.deployment} ${e.type}`);
    expect(order).toEqual(['a1 building', 'a1 built', 'a3 building', 'a3 built']);
  });

  it('builds different projects side by side', async () => {
    await enqueueBuild(queue, redis, job('b1', 'api', slowRepository(3)));
    await enqueueBuild(queue, redis, job('c1', 'docs', slowRepository(3)));
    await eventually(async () => {
      expect(await typesOf('b1')).toEqual(['building', 'built']);
      expect(await typesOf('c1')).toEqual(['building', 'built']);
    }, 60_000);
    const order = (await events()).filter((e) => ['b1', 'c1'].includes(e.deployment) && e.type !== 'detected').map((e) => e.type);
    expect(order).toEqual(['building', 'building', 'built', 'built']);
  });

  it('cancels one running build and leaves the others alone', async () => {
    await enqueueBuild(queue, redis, job('d1', 'shop', slowRepository(40)));
    await enqueueBuild(queue, redis, job('e1', 'blog', slowRepository(4)));
    await eventually(async () => {
      expect(await typesOf('d1')).toEqual(['building']);
      expect(await typesOf('e1')).toEqual(['building']);
    }, 60_000);
    await cancelBuild(redis, `d1-${run}`);
    await eventually(async () => expect(await typesOf('d1')).toEqual(['building', 'canceled']), 30_000);
    await eventually(async () => expect(await typesOf('e1')).toEqual(['building', 'built']), 60_000);
  });

  it('streams each build log to Redis, line by line', async () => {
    await enqueueBuild(queue, redis, job('l1', 'logged', slowRepository(1)));
    await eventually(async () => expect(await typesOf('l1')).toEqual(['building', 'built']), 60_000);
    // What the build detected and generated is told before the image builds, so a failure keeps it.
    const told = (await events()).filter((e) => e.deployment === 'l1');
    expect(told.map((e) => e.type)).toEqual(['building', 'detected', 'built']);
    expect(told[1]!.detail).toMatchObject({ framework: expect.any(String), repositorySettings: null });

    const lines = await redis.xrange(streams.log(`l1-${run}`), '-', '+');
    const texts = lines.map(([, fields]) => fields[fields.indexOf('text') + 1]);
    expect(texts).toContain('[3/3] RUN ["sleep", "1"]');
    expect(texts.at(-2)).toMatch(/DONE|CACHED/);
    expect(texts.at(-1)).toMatch(/^Built image [0-9a-f]{12}$/);
  });

  it('carries credentials sealed: the build gets the secret, Redis never holds it', async () => {
    const secret = randomBytes(12).toString('hex');
    const forms = [secret, Buffer.from(secret).toString('base64'), Buffer.from(secret).toString('base64url'), Buffer.from(secret).toString('hex')];
    // Every command any client sends, from before the job is queued until it is done: the
    // enqueue, the worker taking it, its progress, its events and log lines, its completion.
    const monitor = await redis.monitor();
    const commands: string[] = [];
    monitor.on('monitor', (_time: string, args: string[]) => commands.push(args.join(' ')));
    try {
      const repo = mkdtempSync(join(tmpdir(), 'aether-queue-'));
      writeFileSync(join(repo, 'Dockerfile'), `FROM ${testbedVar('AETHER_IMAGE_NODE')}\nRUN --mount=type=secret,id=API_KEY ["sh", "-c", "test \\"$(sha256sum < /run/secrets/API_KEY)\\" = '${createHash('sha256').update(secret).digest('hex')}  -'"]\n`);
      commitAll(repo, 'checks its key');
      await enqueue(queue, redis, secretKey, job('s1', 'keyed', repo), { variables: [{ name: 'API_KEY', value: secret, secret: true }] });
      await eventually(async () => expect(await typesOf('s1')).toEqual(['building', 'built']), 60_000);
      await eventually(async () => expect(await queue.getJobState(`s1-${run}`)).toBe('completed'));
    } finally {
      monitor.disconnect();
    }

    // The monitor saw the job itself go by, so it was watching the whole time.
    expect(commands.some((command) => command.includes('keyed'))).toBe(true);
    expect(commands.some((command) => command.includes(`s1-${run}`) && command.includes('built'))).toBe(true);
    for (const form of forms) expect(commands.filter((command) => command.includes(form))).toEqual([]);
    const held = await everythingRedisHolds();
    expect(held).toContain(`s1-${run}`);
    for (const form of forms) expect(held).not.toContain(form);
  });

  it('fails a build whose own step fails once, in the step’s words, never taking it for the engine going away', async () => {
    const repo = mkdtempSync(join(tmpdir(), 'aether-queue-'));
    writeFileSync(join(repo, 'Dockerfile'), `FROM ${testbedVar('AETHER_IMAGE_NODE')}\nRUN ["sh", "-c", "echo the test suite failed; exit 3"]\n`);
    commitAll(repo, 'fails its own step');
    await enqueueBuild(queue, redis, job('x1', 'failing', repo));
    await eventually(async () => expect(await typesOf('x1')).toEqual(['building', 'failed']), 60_000);
    expect((await events()).find((e) => e.deployment === 'x1' && e.type === 'failed')?.detail.error).toMatch(/exit code: 3/);
    const lines = await redis.xrange(streams.log(`x1-${run}`), '-', '+');
    const texts = lines.map(([, fields]) => fields[fields.indexOf('text') + 1]!);
    expect(texts.filter((text) => text.includes('the test suite failed') && !text.includes('echo'))).toHaveLength(1);
    expect(texts.filter((text) => text.includes('went away'))).toEqual([]);
  });

  it('fails a build whose repository URL is refused, saying why', async () => {
    await enqueueBuild(queue, redis, job('f1', 'evil', 'ext::sh -c touch% /tmp/pwned'));
    await eventually(async () => expect(await typesOf('f1')).toEqual(['building', 'failed']), 30_000);
    expect((await events()).find((e) => e.deployment === 'f1' && e.type === 'failed')?.detail.error).toMatch(/^repository: /);
  });
});

describe('a build that runs too long', () => {
  let worker: BuildWorker;
  afterEach(async () => {
    await worker.close();
  });

  it('fails with the time limit as its reason', async () => {
    worker = await startWorker(3_000);
    await enqueueBuild(queue, redis, job('g1', 'slow', slowRepository(40)));
    await eventually(async () => expect(await typesOf('g1')).toEqual(['building', 'failed']), 60_000);
    expect((await events()).find((e) => e.deployment === 'g1' && e.type === 'failed')?.detail.error).toBe('the build took longer than 3 s');
  });
});


describe('a worker that dies mid-build', () => {
  it('leaves no build stuck: another worker builds it again', async () => {
    // The real entry point, configured as production is, through its environment.
    const child = spawn(process.execPath, ['--import', 'tsx', fileURLToPath(new URL('../builder/src/main.ts', import.meta.url))], {
      stdio: ['ignore', 'pipe', 'inherit'],
      env: {
        ...process.env,
        ...testbedEnv,
        AETHER_BUILD_KEY_FILE: keyFile(),
        AETHER_ALLOW_LOCAL_SOURCES: 'true',
        AETHER_BUILD_CONCURRENCY: '1',
        AETHER_BUILD_LOCK_SECONDS: '3',
      },
    });
    const exited = once(child, 'exit');
    try {
      let output = '';
      child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
      await eventually(async () => expect(output).toContain('waiting for builds'), 30_000);
      await enqueueBuild(queue, redis, job('h1', 'crashy', slowRepository(6)));
      await eventually(async () => expect(await typesOf('h1')).toEqual(['building']), 60_000);
    } finally {
      // Killed whatever happened: a builder left running would take every later test's jobs.
      child.kill('SIGKILL');
      await exited;
    }

    const worker = await startWorker(120_000, 3_000);
    try {
      await eventually(async () => expect(await typesOf('h1')).toEqual(['building', 'building', 'built']), 90_000);
    } finally {
      await worker.close();
    }
  });
});
