import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Docker from 'dockerode';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RuntimeLogLine } from '../control/src/logs/docker-log-decoder.js';
import { runtimeLogs, type RuntimeLogs } from '../control/src/logs/runtime-logs.js';
import { docker, TEST_LABEL, TEST_RUN } from './support/docker.js';
import { eventually } from './support/http.js';
import { testbedVar } from './support/testbed.js';

/** Where `new Docker()` in test/support/docker.ts reaches the test bed's engine. */
const ENGINE_SOCKET = '/var/run/docker.sock';

// "line N" every 100 ms, every 5th on stderr; with a count it stops printing after that many
// lines but keeps running, so the container's log is fixed while it is still up.
const PRINTER = `
const count = Number(process.argv[1] ?? Infinity);
let n = 0;
const timer = setInterval(() => {
  n += 1;
  (n % 5 === 0 ? process.stderr : process.stdout).write('line ' + n + '\\n');
  if (n >= count) clearInterval(timer);
}, 100);
setInterval(() => {}, 1 << 30);
`;

interface LogRequest {
  containerId: string;
  tail: string | null;
  open: boolean;
}

/**
 * The real engine behind a proxy that records every log request it forwards and whether its
 * response is still streaming: what the engine is asked for, seen from the engine's side.
 */
async function watchedEngine() {
  const dir = await mkdtemp(join(tmpdir(), 'aether-engine-'));
  const socketPath = join(dir, 'docker.sock');
  const requests: LogRequest[] = [];
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://engine');
    const logs = /\/containers\/([^/]+)\/logs$/.exec(url.pathname);
    const record = logs ? { containerId: logs[1]!, tail: url.searchParams.get('tail'), open: true } : undefined;
    if (record) requests.push(record);
    const upstream = request({ socketPath: ENGINE_SOCKET, method: req.method, path: req.url, headers: req.headers }, (reply) => {
      res.writeHead(reply.statusCode ?? 502, reply.headers);
      reply.pipe(res);
    });
    upstream.on('error', () => res.destroy());
    res.on('close', () => {
      if (record) record.open = false;
      upstream.destroy();
    });
    req.pipe(upstream);
  });
  await new Promise<void>((resolve) => server.listen(socketPath, resolve));
  return {
    docker: new Docker({ socketPath }),
    logStreams(containerId: string) {
      const mine = requests.filter((r) => r.containerId === containerId);
      return { opened: mine.length, open: mine.filter((r) => r.open).length, tails: mine.map((r) => r.tail) };
    },
    async close() {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** Another run's clean-up may have removed a test container first; that is what afterAll wants anyway. */
function unlessGone(error: unknown): void {
  if (!(error instanceof Error && 'statusCode' in error && error.statusCode === 404)) throw error;
}

function numberOf(line: RuntimeLogLine): number {
  return Number(/^line (\d+)$/.exec(line.text)?.[1]);
}

function range(from: number, to: number): number[] {
  return Array.from({ length: to - from + 1 }, (_, i) => from + i);
}

/** No line lost, repeated or reordered, each on the stream it was written to, stamped in order. */
function expectWholeLog(lines: RuntimeLogLine[]): void {
  const numbers = lines.map(numberOf);
  expect(numbers).toEqual(range(numbers[0] ?? 0, (numbers[0] ?? 0) + numbers.length - 1));
  for (const line of lines) expect([numberOf(line), line.stream]).toEqual([numberOf(line), numberOf(line) % 5 === 0 ? 'stderr' : 'stdout']);
  const times = lines.map((line) => line.at.getTime());
  expect(times.every((time) => Number.isFinite(time))).toBe(true);
  expect(times).toEqual([...times].sort((a, b) => a - b));
}

describe('runtime logs of a running container', () => {
  let engine: Awaited<ReturnType<typeof watchedEngine>>;
  const containers = new Set<Docker.Container>();
  const services: RuntimeLogs[] = [];

  beforeAll(async () => {
    engine = await watchedEngine();
  });

  afterAll(async () => {
    for (const service of services) service.close();
    await Promise.all([...containers].map((container) => container.remove({ force: true }).catch(unlessGone)));
    await engine?.close();
  });

  function logsService(options: { backfill?: number } = {}): RuntimeLogs {
    const service = runtimeLogs(engine.docker, options);
    services.push(service);
    return service;
  }

  async function startPrinter(count?: number): Promise<Docker.Container> {
    const container = await docker.createContainer({
      Image: testbedVar('AETHER_IMAGE_NODE'),
      Cmd: ['node', '-e', PRINTER, ...(count === undefined ? [] : [String(count)])],
      Labels: { [TEST_LABEL]: TEST_RUN },
    });
    containers.add(container);
    await container.start();
    return container;
  }

  function view(logs: RuntimeLogs, containerId: string) {
    const lines: RuntimeLogLine[] = [];
    const controller = new AbortController();
    const done = logs.follow(containerId, (line) => lines.push(line), controller.signal);
    return { lines, numbers: () => lines.map(numberOf), last: () => numberOf(lines.at(-1)!), stop: () => controller.abort(), done };
  }

  it('shows a viewer who comes later the recent lines first, then the same new lines as everyone', async () => {
    const container = await startPrinter();
    const logs = logsService({ backfill: 5 });
    const early = view(logs, container.id);
    await eventually(async () => expect(early.lines.length).toBeGreaterThanOrEqual(12));

    const seen = early.last();
    const late = view(logs, container.id);
    await eventually(async () => expect(late.last()).toBeGreaterThanOrEqual(seen + 10));

    expect(late.numbers().slice(0, 5)).toEqual(range(seen - 4, seen));
    expectWholeLog(early.lines);
    expectWholeLog(late.lines);
    const shared = early.lines.filter((line) => numberOf(line) > seen - 5).slice(0, late.lines.length);
    expect(late.lines.slice(0, shared.length)).toEqual(shared);

    early.stop();
    late.stop();
    await Promise.all([early.done, late.done]);
  });

  it('reads a container through one Docker log stream however many watch it, and closes it after the last', async () => {
    const container = await startPrinter();
    const logs = logsService();
    const first = view(logs, container.id);
    const second = view(logs, container.id);
    await eventually(async () => expect(second.lines.length).toBeGreaterThanOrEqual(3));
    const third = view(logs, container.id);
    await eventually(async () => expect(third.last()).toBeGreaterThan(second.numbers()[2]!));
    expect(engine.logStreams(container.id)).toEqual({ opened: 1, open: 1, tails: ['200'] });

    first.stop();
    second.stop();
    await Promise.all([first.done, second.done]);
    const before = third.last();
    await eventually(async () => expect(third.last()).toBeGreaterThan(before));
    expect(engine.logStreams(container.id)).toEqual({ opened: 1, open: 1, tails: ['200'] });

    third.stop();
    await third.done;
    await eventually(async () => expect(engine.logStreams(container.id)).toEqual({ opened: 1, open: 0, tails: ['200'] }));
  });

  it("gives a viewer who comes after everyone left the last lines from the container's own log", async () => {
    const container = await startPrinter(12);
    const logs = logsService({ backfill: 5 });
    const first = view(logs, container.id);
    await eventually(async () => expect(first.last()).toBe(12));
    first.stop();
    await first.done;
    await eventually(async () => expect(engine.logStreams(container.id).open).toBe(0));

    const again = view(logs, container.id);
    await eventually(async () => expect(again.numbers()).toEqual([8, 9, 10, 11, 12]));
    expect(again.lines).toEqual(first.lines.slice(-5));
    expect(engine.logStreams(container.id)).toEqual({ opened: 2, open: 1, tails: ['5', '5'] });

    again.stop();
    await again.done;
  });

  it('ends every view of a container when the container is removed', async () => {
    const container = await startPrinter();
    const logs = logsService();
    const viewers = [view(logs, container.id), view(logs, container.id)];
    await eventually(async () => expect(viewers.map((v) => v.lines.length >= 3)).toEqual([true, true]));

    await container.remove({ force: true });
    containers.delete(container);

    await expect(Promise.all(viewers.map((v) => v.done))).resolves.toEqual([undefined, undefined]);
    expectWholeLog(viewers[0]!.lines);
    await eventually(async () => expect(engine.logStreams(container.id).open).toBe(0));
    await expect(view(logs, container.id).done).rejects.toThrow(/no such container/i);
  });
});
