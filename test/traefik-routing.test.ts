import { randomBytes } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseHostname } from '../control/src/routing/hostname.js';
import { traefikLabels } from '../control/src/routing/traefik-labels.js';
import { createTestNetwork, docker, healthStatus } from './support/docker.js';
import { HELLO_PORT, helloApp } from './support/hello-app.js';
import { eventually, get } from './support/http.js';
import { startTraefik } from './support/traefik.js';

// The loop everything else stands on: a labelled container on a network shared with Traefik
// is routed by host name, and stops being routed when it goes.
describe('Traefik routes labelled containers', () => {
  const run = randomBytes(3).toString('hex');
  let network: string;
  let port: number;

  beforeAll(async () => {
    network = await createTestNetwork(`aether-test-${run}`);
    ({ port } = await startTraefik(network));
  });

  async function startHello(name: string, options: { healthcheck?: { Test: string[]; Interval: number; Retries: number } } = {}) {
    const host = parseHostname(`${name}-${run}.localhost`);
    const container = await docker.createContainer(
      helloApp({
        greeting: `hello from ${name}`,
        network,
        labels: traefikLabels({ name: `${name}-${run}`, hosts: [host], port: HELLO_PORT, network }),
        ...options,
      }),
    );
    await container.start();
    return { container, host };
  }

  async function expectStatus(host: string, status: number, body?: string) {
    const reply = await get(port, host);
    expect(reply.status).toBe(status);
    if (body !== undefined) expect(reply.body).toBe(body);
  }

  it('serves a container on its host and answers 404 once it is removed', async () => {
    const { container, host } = await startHello('hello');

    await eventually(() => expectStatus(host, 200, 'hello from hello'));

    await container.remove({ force: true });
    await eventually(() => expectStatus(host, 404));
  });

  it('sends no traffic to a container until its Docker health check passes', async () => {
    const { container, host } = await startHello('gated', {
      healthcheck: {
        Test: ['CMD', 'node', '-e', "process.exit(require('node:fs').existsSync('/tmp/ready') ? 0 : 1)"],
        Interval: 300_000_000,
        Retries: 1,
      },
    });
    await eventually(async () => expect(await healthStatus(container)).toBe('unhealthy'));

    // A container started after the gated one is routed, so Traefik has seen the gated one too.
    const witness = await startHello('witness');
    await eventually(() => expectStatus(witness.host, 200));
    await expectStatus(host, 404);

    const exec = await container.exec({ Cmd: ['touch', '/tmp/ready'] });
    await exec.start({});
    await eventually(async () => expect(await healthStatus(container)).toBe('healthy'));
    await eventually(() => expectStatus(host, 200, 'hello from gated'));
  });
});
