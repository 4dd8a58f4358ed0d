import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { request } from 'node:https';
import { serve } from '@hono/node-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../control/src/app.js';
import { parseHostname } from '../control/src/routing/hostname.js';
import { writeDashboardRoutes } from '../control/src/routing/route-files.js';
import { createTestNetwork, docker } from './support/docker.js';
import { eventually, get, type Reply } from './support/http.js';
import { startTraefik } from './support/traefik.js';

// The dashboard behind the real Traefik with AETHER_HTTPS=true: its route is the file control
// writes at start-up. ACME is out of reach here, so Traefik serves its default certificate.

const host = parseHostname('aether.localhost');

/** GET over HTTPS to Traefik on the loopback, naming `host` for SNI and Host, trusting any certificate. */
function getHttps(port: number, path: string): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, servername: host, headers: { host }, rejectUnauthorized: false, timeout: 5_000 }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('timeout', () => req.destroy(new Error(`no answer from https://${host}${path}`)));
    req.on('error', reject);
    req.end();
  });
}

describe('the dashboard with HTTPS on', () => {
  let traefik: Awaited<ReturnType<typeof startTraefik>>;
  let control: ReturnType<typeof serve>;

  beforeAll(async () => {
    const network = await createTestNetwork(`aether-test-dashboard-${randomBytes(3).toString('hex')}`);
    traefik = await startTraefik(network);
    // Control's own app, on the host: Traefik reaches it through the network's gateway.
    control = serve({ fetch: createApp({ probes: {}, webDir: undefined }).fetch, port: 0, hostname: '0.0.0.0' });
    await new Promise((resolve) => control.once('listening', resolve));
    const gateway = (await docker.getNetwork(network).inspect()).IPAM?.Config?.[0]?.Gateway as string;
    const upstream = `http://${gateway}:${(control.address() as AddressInfo).port}`;
    await writeDashboardRoutes(traefik.routesDir, { host, upstream, tls: { certResolver: 'letsencrypt' } });
  }, 60_000);

  afterAll(() => {
    control.close();
  });

  it('redirects plain HTTP to HTTPS', async () => {
    const reply = await eventually(async () => {
      const answer = await get(traefik.port, host, '/healthz');
      expect(answer.status).toBe(301);
      return answer;
    });
    expect(reply.headers.location).toBe(`https://${host}/healthz`);
  });

  it('serves control’s answer over HTTPS', async () => {
    const reply = await eventually(async () => {
      const answer = await getHttps(traefik.httpsPort, '/healthz');
      expect(answer.status).toBe(200);
      return answer;
    });
    expect(JSON.parse(reply.body)).toEqual({ healthy: true, components: {} });
  });
});
