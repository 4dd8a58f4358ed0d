import { randomBytes } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseHostname } from '../control/src/routing/hostname.js';
import { traefikLabels } from '../control/src/routing/traefik-labels.js';
import { createTestNetwork, docker, healthStatus } from './support/docker.js';
import { HELLO_PORT, helloApp } from './support/hello-app.js';
import { eventually, get } from './support/http.js';
import { startTraefik } from './support/traefik.js';
import { webSocketRoundTrip } from './support/websocket.js';

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

  // Through every middleware a deployment's router has (the retry among them), as Streamlit's page,
  // Socket.IO and any live app need.
  it('carries a WebSocket to the app and its messages both ways', async () => {
    const host = parseHostname(`sockets-${run}.localhost`);
    const container = await docker.createContainer({
      ...helloApp({ greeting: 'hello from sockets', network, labels: traefikLabels({ name: `sockets-${run}`, hosts: [host], port: HELLO_PORT, network }) }),
      Cmd: ['node', '-e', ECHO_SERVER],
    });
    await container.start();
    await eventually(() => expectStatus(host, 200, 'hello from sockets'));
    expect(await webSocketRoundTrip(port, host, '/echo', 'ping through Traefik')).toBe('echo: ping through Traefik');
    await container.remove({ force: true });
  });
});

/** Answers HTTP with its greeting, and echoes one short text frame on any WebSocket. */
const ECHO_SERVER = `
const server = require('node:http').createServer((req, res) => res.end(process.env.GREETING));
server.on('upgrade', (req, socket) => {
  const accept = require('node:crypto').createHash('sha1').update(req.headers['sec-websocket-key'] + '258EAFA5-E914-47DA-95CA-C5AB0DC85B11').digest('base64');
  socket.write('HTTP/1.1 101 Switching Protocols\\r\\nUpgrade: websocket\\r\\nConnection: Upgrade\\r\\nSec-WebSocket-Accept: ' + accept + '\\r\\n\\r\\n');
  socket.on('data', (frame) => {
    const mask = frame.subarray(2, 6);
    const text = 'echo: ' + frame.subarray(6, 6 + (frame[1] & 0x7f)).map((byte, i) => byte ^ mask[i % 4]).toString();
    socket.write(Buffer.concat([Buffer.from([0x81, text.length]), Buffer.from(text)]));
  });
});
server.listen(${HELLO_PORT});
`;
