import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type Docker from 'dockerode';
import { pack } from 'tar-fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildImage } from '../builder/src/engine/build-image.js';
import type { BuildLogLine } from '../contract/build-streams.js';
import { docker, TEST_LABEL, TEST_RUN } from './support/docker.js';
import { eventually, get } from './support/http.js';
import { freePort } from './support/ports.js';
import { testbedVar } from './support/testbed.js';

const repoRoot = fileURLToPath(new URL('..', import.meta.url));

// What a clone holds: tracked files and new ones git does not ignore (so never node_modules).
function repoFiles(): string[] {
  const listed = execFileSync('git', ['ls-files', '--cached', '--others', '--exclude-standard', '-z'], {
    cwd: repoRoot,
    encoding: 'utf8',
  });
  return listed.split('\0').filter((file) => file !== '' && existsSync(`${repoRoot}/${file}`));
}

// The image docker-compose.yml builds, built from the repository's Dockerfile through the
// engine's BuildKit and run the way compose runs it.
describe("Aether's own image", () => {
  let port: number;
  let container: Docker.Container;
  const buildLog: BuildLogLine[] = [];

  beforeAll(async () => {
    const imageId = await buildImage(docker, {
      context: pack(repoRoot, { entries: repoFiles() }),
      dockerfile: 'Dockerfile',
      tag: 'aether-test/aether:latest',
      buildArgs: { NODE_IMAGE: testbedVar('AETHER_IMAGE_NODE') },
      labels: { [TEST_LABEL]: TEST_RUN },
    }, (line) => buildLog.push(line));
    port = await freePort();
    // Host networking reaches the test bed's Postgres and Redis on loopback.
    container = await docker.createContainer({
      Image: imageId,
      Env: [`PORT=${port}`, `DATABASE_URL=${testbedVar('DATABASE_URL')}`, `REDIS_URL=${testbedVar('REDIS_URL')}`, `AETHER_SECRET_KEY=${randomBytes(32).toString('base64')}`],
      Labels: { [TEST_LABEL]: TEST_RUN },
      HostConfig: { NetworkMode: 'host', Binds: ['/var/run/docker.sock:/var/run/docker.sock'] },
    });
    await container.start();
    await eventually(() => get(port, 'localhost', '/healthz'));
  }, 600_000);

  afterAll(async () => {
    await docker.getImage('aether-test/aether:latest').remove({ force: true });
  });

  it('streams the build as it goes: every Dockerfile step, each started and ended', () => {
    const steps = buildLog.filter((line) => line.stream === 'step');
    for (const instruction of ['RUN --mount=type=cache,target=/root/.npm npm ci', 'RUN npx tsc -p tsconfig.build.json', 'COPY --from=build /app/dist dist']) {
      const start = steps.find((line) => line.text.includes(instruction));
      expect(start, instruction).toBeDefined();
      const end = steps.filter((line) => line.step === start!.step).at(-1)!;
      expect(end.text).toMatch(/^(DONE \d+\.\ds|CACHED)$/);
    }
  });

  it('runs on Node.js 24, the current LTS', async () => {
    const exec = await container.exec({
      Cmd: ['node', '-e', "process.exit(process.versions.node.split('.')[0] === '24' ? 0 : 1)"],
      AttachStdout: true,
      AttachStderr: true,
    });
    const stream = await exec.start({});
    await new Promise((resolve) => stream.on('end', resolve).resume());
    expect((await exec.inspect()).ExitCode).toBe(0);
  });

  it('reports Postgres, Redis and Docker healthy', async () => {
    const reply = await get(port, 'localhost', '/healthz');
    expect(JSON.parse(reply.body)).toEqual({
      healthy: true,
      components: { postgres: { status: 'ok' }, redis: { status: 'ok' }, docker: { status: 'ok' } },
    });
    expect(reply.status).toBe(200);
  });

  it('serves the dashboard, and its shell for any page the browser routes', async () => {
    for (const path of ['/', '/projects/blog']) {
      const reply = await get(port, 'localhost', path);
      expect(reply.status).toBe(200);
      expect(reply.body).toContain('<title>Aether</title>');
    }
  });
});
