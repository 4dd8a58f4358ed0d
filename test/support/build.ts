import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type Docker from 'dockerode';
import type { Redis } from 'ioredis';
import { pino } from 'pino';
import { baseImages } from '../../builder/src/base-images.js';
import { type BuiltImage, buildProject } from '../../builder/src/build-project.js';
import { redisReporter } from '../../builder/src/queue/redis-reporter.js';
import { type DetectWorker, startDetectWorker } from '../../builder/src/queue/detect-worker.js';
import { type BuildWorker, startBuildWorker } from '../../builder/src/queue/worker.js';
import type { BuildVariable } from '../../contract/build-job.js';
import type { BuildLogLine } from '../../contract/build-streams.js';
import { buildJobKey } from '../../contract/sealed.js';
import { parseBranch, parseRepositoryUrl, parseRootDirectory } from '../../contract/source-spec.js';
import { docker, TEST_LABEL, TEST_RUN } from './docker.js';
import { testbedEnv, testbedVar } from './testbed.js';

const work = mkdtempSync(join(tmpdir(), 'aether-builds-'));

/** Commits everything in `dir` to a new main branch, as a user's repository would be. */
export function commitAll(dir: string, message: string): void {
  const git = (...args: string[]) => execFileSync('git', ['-C', dir, '-c', 'user.name=t', '-c', 'user.email=t@example.com', ...args]);
  git('init', '--quiet', '--initial-branch', 'main');
  git('add', '.');
  git('commit', '--quiet', '-m', message);
}

/** Builds a local repository's main branch through the whole pipeline; a failure carries the log's end. */
export async function buildLocal(
  repository: string,
  tag: string,
  options: { variables?: BuildVariable[]; lines?: BuildLogLine[]; signal?: AbortSignal; rootDirectory?: string; projectId?: string } = {},
): Promise<BuiltImage> {
  const lines = options.lines ?? [];
  try {
    return await buildProject(
      { docker, images: baseImages(testbedEnv), workDir: work, allowLocal: true },
      {
        url: parseRepositoryUrl(repository, { allowLocal: true }),
        revision: { kind: 'branch', branch: parseBranch('main') },
        rootDirectory: parseRootDirectory(options.rootDirectory ?? ''),
        settings: {},
        variables: options.variables ?? [],
        projectId: options.projectId ?? 'aether-tests',
        tag,
        labels: { [TEST_LABEL]: TEST_RUN, ...(options.projectId !== undefined && { 'dev.aether.project': options.projectId }) },
      },
      { line: (line) => lines.push(line), detected: async () => {} },
      options.signal,
    );
  } catch (error) {
    const tail = lines.slice(-40).map((l) => `#${l.step} ${l.text}`).join('\n');
    throw new Error(`building ${repository} failed: ${String(error)}\n${tail}`);
  }
}

/** An app that answers `body` on $PORT (3000 by its EXPOSE), built through the builder from a Dockerfile with `extra` lines. */
export async function buildServerImage(body: string, tag: string, extra = ''): Promise<string> {
  const repo = mkdtempSync(join(tmpdir(), 'aether-server-'));
  writeFileSync(join(repo, 'server.js'), `require('node:http').createServer((req, res) => res.end(${JSON.stringify(body)})).listen(process.env.PORT);`);
  writeFileSync(join(repo, 'Dockerfile'), `FROM ${testbedVar('AETHER_IMAGE_NODE')}\n${extra}COPY server.js /app/\nEXPOSE 3000\nCMD ["node", "/app/server.js"]\n`);
  commitAll(repo, body);
  return (await buildLocal(repo, tag)).imageId;
}

/** Runs a built image with its port published on a free loopback port, and `env` (`NAME=value`) set as a project's variables are. */
export async function runImage(image: Pick<BuiltImage, 'imageId' | 'port'>, env: string[] = []): Promise<{ container: Docker.Container; port: number }> {
  const exposed = `${image.port}/tcp`;
  const container = await docker.createContainer({
    Image: image.imageId,
    Env: env,
    Labels: { [TEST_LABEL]: TEST_RUN },
    ExposedPorts: { [exposed]: {} },
    HostConfig: { PortBindings: { [exposed]: [{ HostIp: '127.0.0.1', HostPort: '' }] } },
  });
  await container.start();
  const info = await container.inspect();
  return { container, port: Number(info.NetworkSettings.Ports[exposed]?.[0]?.HostPort) };
}

/** A test's workers tell their Redis outages in the test's output, as the builder does in its log. */
export const testWorkerLog = pino({ name: 'test-worker' });

/**
 * The real build worker, as the builder service runs it, on the test bed's images. `redis` is on `redisUrl`; `secretKey` is
 * the install's AETHER_SECRET_KEY; the worker holds only the job key derived from it, as in production.
 */
export function startTestBuilder(redis: Redis, secretKey: Buffer, concurrency: number, redisUrl = testbedVar('REDIS_URL')): Promise<BuildWorker> {
  return startBuildWorker({
    redisUrl,
    environment: { docker, images: baseImages(testbedEnv), workDir: work, allowLocal: true },
    reporter: redisReporter(redis, () => {}),
    secretKey: buildJobKey(secretKey),
    concurrency,
    timeoutMs: 120_000,
    log: testWorkerLog,
  });
}

/** The real detect worker, as the builder service runs it, on `queueName`. */
export function startTestDetector(secretKey: Buffer, queueName: string, redisUrl = testbedVar('REDIS_URL')): Promise<DetectWorker> {
  return startDetectWorker({
    redisUrl,
    environment: { images: baseImages(testbedEnv), workDir: work, allowLocal: true },
    secretKey: buildJobKey(secretKey),
    concurrency: 2,
    timeoutMs: 30_000,
    queueName,
    log: testWorkerLog,
  });
}

/** Streams `docker save` of the image and reports whether `needle` occurs anywhere in it. */
export async function imageContains(imageId: string, needle: string): Promise<boolean> {
  const wanted = Buffer.from(needle);
  const stream = await docker.getImage(imageId).get();
  let carry = Buffer.alloc(0);
  let found = false;
  for await (const chunk of stream as AsyncIterable<Buffer>) {
    const window = Buffer.concat([carry, chunk]);
    if (window.includes(wanted)) found = true;
    carry = window.subarray(Math.max(0, window.length - wanted.length + 1));
  }
  return found;
}
