import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseHostname } from '../routing/hostname.js';
import { appAnswered, probe, probeRequest } from './probe.js';

// A plain HTTP server stands where Traefik is: the probe is an HTTP client, and only what it
// sends and how it reads the answer are under test.
let server: Server;
let traefik: URL;
const seen: Array<{ path: string | undefined; headers: IncomingHttpHeaders }> = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    seen.push({ path: req.url, headers: req.headers });
    if (req.url === '/slow') return;
    const status = Number(new URL(req.url!, 'http://x').searchParams.get('status') ?? 200);
    res.writeHead(status, req.url?.startsWith('/traefik') ? {} : { 'x-aether-deployment': '0b5e7c1a' }).end('body');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  traefik = new URL(`http://127.0.0.1:${(server.address() as AddressInfo).port}`);
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

describe('probe', () => {
  it('asks Traefik for the path on the deployment’s host, and says which deployment answered with what status', async () => {
    expect(await probe(traefik, parseHostname('0b5e7c1a--blog.apps.test'), '/health?status=204')).toEqual({ status: 204, deployment: '0b5e7c1a' });
    expect(seen.at(-1)).toMatchObject({ path: '/health?status=204', headers: { host: '0b5e7c1a--blog.apps.test' } });
  });

  it('tells an answer from Traefik itself, which names no deployment', async () => {
    expect(await probe(traefik, parseHostname('blog.apps.test'), '/traefik?status=404')).toEqual({ status: 404, deployment: undefined });
  });

  it('gives up on an answer that does not come in time, saying so', async () => {
    await expect(probe(traefik, parseHostname('blog.apps.test'), '/slow', 200)).rejects.toThrow('Traefik did not answer blog.apps.test/slow within 200 ms');
  });

  it('rejects when nothing listens where Traefik should be', async () => {
    await expect(probe(new URL('http://127.0.0.1:1'), parseHostname('blog.apps.test'), '/')).rejects.toThrow(/ECONNREFUSED/);
  });
});

describe('whether the app answered', () => {
  it('counts the new deployment’s own answer, whatever its status, but not Traefik failing to reach it', () => {
    for (const status of [200, 301, 404, 500]) expect(appAnswered({ status, deployment: '0b5e7c1a' }, '0b5e7c1a'), String(status)).toBe(true);
    for (const status of [502, 503, 504]) expect(appAnswered({ status, deployment: '0b5e7c1a' }, '0b5e7c1a'), String(status)).toBe(false);
  });

  it('does not count another deployment’s answer, nor one from no deployment', () => {
    expect(appAnswered({ status: 200, deployment: 'ffffffff' }, '0b5e7c1a')).toBe(false);
    expect(appAnswered({ status: 200, deployment: undefined }, '0b5e7c1a')).toBe(false);
  });
});

describe('the request a probe sends', () => {
  const host = parseHostname('0b5e7c1a--blog.apps.example.com');

  it('asks Traefik for the host on a connection of its own, on port 80 unless the URL names one', () => {
    expect(probeRequest(new URL('http://traefik'), host, '/health', 2_000)).toEqual({
      host: 'traefik',
      port: 80,
      path: '/health',
      headers: { host },
      timeout: 2_000,
      agent: false,
    });
    expect(probeRequest(new URL('http://127.0.0.1:8080'), host, '/', 2_000).port).toBe('8080');
  });

  it('over HTTPS, names the host for SNI and takes whatever certificate Traefik serves a new host', () => {
    expect(probeRequest(new URL('https://traefik'), host, '/', 500)).toEqual({
      host: 'traefik',
      port: 443,
      path: '/',
      headers: { host },
      timeout: 500,
      agent: false,
      servername: host,
      rejectUnauthorized: false,
    });
  });
});
