import { createServer, type Server } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { eventually } from './support/http.js';
import { startLoad } from './support/load.js';
import { freePort } from './support/ports.js';

// The load generator is what proves "zero failed requests during a redeploy", so it must
// itself be shown to count every request, and to notice both bad answers and refused ones.
describe('startLoad', () => {
  let server: Server | undefined;

  afterEach(async () => {
    server?.closeAllConnections();
    await new Promise((resolve) => server?.close(resolve) ?? resolve(undefined));
    server = undefined;
  });

  async function startServer(answer: () => { status: number; body: string } = () => ({ status: 200, body: 'a' })) {
    const port = await freePort();
    const hosts = new Set<string>();
    server = createServer((req, res) => {
      hosts.add(req.headers.host ?? '');
      const { status, body } = answer();
      res.writeHead(status, { 'content-type': 'text/plain' }).end(body);
    });
    await new Promise<void>((resolve) => server?.listen(port, '127.0.0.1', resolve));
    return { port, hosts };
  }

  it('counts every request it sends exactly once, each answer by its body', async () => {
    // How fast it sends on a shared machine is the bench's to measure; what it counts is exact.
    let served = 0;
    const { port, hosts } = await startServer(() => ({ status: 200, body: (served += 1) % 2 === 0 ? 'even' : 'odd' }));
    const load = startLoad({ port, host: 'app.localhost', rate: 250 });
    await eventually(async () => expect(load.snapshot().ok).toBeGreaterThan(50));
    const report = await load.stop();

    expect(report.sent).toBe(served);
    expect(report.ok).toBe(report.sent);
    expect(report.failed).toBe(0);
    expect(report.failures).toEqual([]);
    expect(report.bodies).toEqual(
      new Map([
        ['odd', Math.ceil(served / 2)],
        ['even', Math.floor(served / 2)],
      ]),
    );
    expect(report.maxMs).toBeGreaterThanOrEqual(report.p99Ms);
    expect(report.p99Ms).toBeGreaterThanOrEqual(report.p50Ms);
    expect([...hosts]).toEqual(['app.localhost']);
  });

  it('counts answers that okStatus rejects as failed, with the status as reason', async () => {
    let failing = false;
    let served502 = 0;
    const { port } = await startServer(() => {
      if (!failing) return { status: 200, body: 'a' };
      served502 += 1;
      return { status: 502, body: 'Bad Gateway' };
    });
    const load = startLoad({ port, host: 'app.localhost', rate: 250 });
    await sleep(700);
    failing = true;
    await sleep(500);
    failing = false;
    await sleep(700);
    const report = await load.stop();

    expect(served502).toBeGreaterThan(0);
    expect(report.failed).toBe(served502);
    expect(report.ok).toBe(report.sent - served502);
    expect(report.failures.length).toBe(20);
    expect(new Set(report.failures.map((f) => f.reason))).toEqual(new Set(['502']));
    expect(report.bodies).toEqual(
      new Map([
        ['a', report.ok],
        ['Bad Gateway', served502],
      ]),
    );
  });

  it('counts refused connections as failed, with the error', async () => {
    const { port } = await startServer();
    const load = startLoad({ port, host: 'app.localhost', rate: 250 });
    await sleep(700);
    const before = load.snapshot();
    server?.closeAllConnections();
    await new Promise((resolve) => server?.close(resolve));
    server = undefined;
    await sleep(700);
    const report = await load.stop();

    expect(before.ok).toBeGreaterThan(0);
    expect(before.failed).toBe(0);
    expect(report.failed).toBeGreaterThan(0);
    expect(report.ok + report.failed).toBe(report.sent);
    expect(report.failures.some((f) => /ECONNREFUSED/.test(f.reason))).toBe(true);
  });
});
