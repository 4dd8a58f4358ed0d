import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { pack } from 'tar-fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildImage } from '../builder/src/engine/build-image.js';
import { docker, TEST_LABEL } from './support/docker.js';
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

  beforeAll(async () => {
    const imageId = await buildImage(docker, {
      context: pack(repoRoot, { entries: repoFiles() }),
      dockerfile: 'Dockerfile',
      tag: 'aether-test/aether:latest',
      buildArgs: { NODE_IMAGE: testbedVar('AETHER_IMAGE_NODE') },
      labels: { [TEST_LABEL]: '1' },
    });
    port = await freePort();
    // Host networking reaches the test bed's Postgres and Redis on loopback.
    const container = await docker.createContainer({
      Image: imageId,
      Env: [`PORT=${port}`, `DATABASE_URL=${testbedVar('DATABASE_URL')}`, `REDIS_URL=${testbedVar('REDIS_URL')}`],
      Labels: { [TEST_LABEL]: '1' },
      HostConfig: { NetworkMode: 'host', Binds: ['/var/run/docker.sock:/var/run/docker.sock'] },
    });
    await container.start();
    await eventually(() => get(port, 'localhost', '/healthz'));
  }, 600_000);

  afterAll(async () => {
    await docker.getImage('aether-test/aether:latest').remove({ force: true });
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
