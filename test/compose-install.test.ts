import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { docker, TEST_LABEL, TEST_RUN } from './support/docker.js';
import { eventually, get } from './support/http.js';
import { freePort } from './support/ports.js';
import { testbedEnv, testbedVar } from './support/testbed.js';

const run = promisify(execFile);
const composeFile = fileURLToPath(new URL('../docker-compose.yml', import.meta.url));
const project = 'aether-test-install';

// What a user does: write .env, `docker compose up -d`, open the dashboard's host.
describe('docker compose up -d', () => {
  let port: number;
  const secretKey = randomBytes(32).toString('base64');
  const envFile = join(mkdtempSync(join(tmpdir(), 'aether-install-')), '.env');

  function compose(...args: string[]) {
    return run('docker', ['compose', '-f', composeFile, '-p', project, '--env-file', envFile, ...args], {
      env: { ...process.env, ...testbedEnv },
    });
  }

  async function serviceContainer(service: string) {
    const [summary] = await docker.listContainers({
      filters: JSON.stringify({ label: [`com.docker.compose.project=${project}`, `com.docker.compose.service=${service}`] }),
    });
    return summary!;
  }

  beforeAll(async () => {
    port = await freePort();
    writeFileSync(
      envFile,
      `AETHER_DOMAIN=aether.localhost\nPOSTGRES_PASSWORD=install-test-pw\nAETHER_HTTP_PORT=${port}\nAETHER_HTTPS_PORT=${await freePort()}\n` +
        `AETHER_SECRET_KEY=${secretKey}\n`,
    );
    await compose('up', '-d', '--build', '--wait');
  }, 600_000);

  afterAll(async () => {
    await compose('down', '--volumes');
  });

  it('serves the dashboard on AETHER_DOMAIN with every dependency healthy', async () => {
    const health = await eventually(async () => {
      const reply = await get(port, 'aether.localhost', '/healthz');
      expect(reply.status).toBe(200);
      return JSON.parse(reply.body) as unknown;
    });
    expect(health).toEqual({
      healthy: true,
      components: { postgres: { status: 'ok' }, redis: { status: 'ok' }, docker: { status: 'ok' } },
    });
    const page = await get(port, 'aether.localhost', '/');
    expect(page.body).toContain('<title>Aether</title>');
  });

  it('runs the builder beside control, waiting for builds, with no database credentials and no master key', async () => {
    const container = docker.getContainer((await serviceContainer('builder')).Id);
    await eventually(async () => {
      const logs = await container.logs({ stdout: true, stderr: true });
      expect(logs.toString('utf8')).toContain('waiting for builds');
      expect(logs.toString('utf8')).toContain('build limits applied');
    });
    const { Config } = await container.inspect();
    expect(Config.Env.some((v) => v.startsWith('REDIS_URL='))).toBe(true);
    expect(Config.Env.some((v) => v.startsWith('DATABASE_URL=') || v.includes('install-test-pw'))).toBe(false);
    expect(Config.Env.some((v) => v.startsWith('AETHER_SECRET_KEY=') || v.includes(secretKey))).toBe(false);
  });

  it('keeps apps off control and its stores: aether-apps reaches Traefik only', async () => {
    const address = async (service: string, network: string) =>
      (await serviceContainer(service)).NetworkSettings.Networks[network]!.IPAddress;
    const canConnect = async (ip: string, targetPort: number) => {
      const probe = `require('node:net').connect(${targetPort}, '${ip}').on('connect', () => process.exit(0)).on('error', () => process.exit(1)); setTimeout(() => process.exit(2), 2000)`;
      const container = await docker.createContainer({
        Image: testbedVar('AETHER_IMAGE_NODE'),
        Cmd: ['node', '-e', probe],
        Labels: { [TEST_LABEL]: TEST_RUN },
        HostConfig: { NetworkMode: 'aether-apps' },
      });
      await container.start();
      const { StatusCode } = (await container.wait()) as { StatusCode: number };
      await container.remove();
      return StatusCode === 0;
    };

    expect(await canConnect(await address('traefik', 'aether-apps'), 80)).toBe(true);
    expect(await canConnect(await address('control', 'aether-edge'), 3000)).toBe(false);
    expect(await canConnect(await address('postgres', `${project}_internal`), 5432)).toBe(false);
    expect(await canConnect(await address('redis', `${project}_internal`), 6379)).toBe(false);
  });
});
