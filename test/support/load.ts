import { Agent, request } from 'node:http';
import { performance } from 'node:perf_hooks';

export interface LoadReport {
  sent: number;
  ok: number;
  failed: number;
  /** Examples of failures (the first 20, then the first of each other reason): status code or error message, and ms since start. */
  failures: Array<{ atMs: number; reason: string }>;
  /** Response bodies seen, with the count of each (so a test sees traffic move from old to new build). */
  bodies: Map<string, number>;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
  /** Requests per second actually achieved. */
  rate: number;
}

export interface Load {
  stop(): Promise<LoadReport>;
  snapshot(): LoadReport;
}

const TICK_MS = 10;
const MAX_FAILURE_EXAMPLES = 20;

/**
 * The first examples of failure, and beyond them the first of each other reason: a burst of one
 * kind (connections reset as a server goes) must not hide the kind that follows (refused).
 */
function keepsExample(failures: LoadReport['failures'], reason: string): boolean {
  if (failures.length < MAX_FAILURE_EXAMPLES) return true;
  return failures.length < 2 * MAX_FAILURE_EXAMPLES && !failures.some((f) => f.reason === reason);
}

/** Sends GET `path` to 127.0.0.1:`port` with Host header `host` (and `headers`) at `rate` requests a second, open-loop (a slow answer does not slow the sending), until stop(). */
export function startLoad(options: {
  port: number;
  host: string;
  path?: string;
  headers?: Record<string, string>;
  rate: number;
  timeoutMs?: number;
  okStatus?: (status: number) => boolean;
}): Load {
  const { port, host, path = '/', headers = {}, rate, timeoutMs = 5_000, okStatus = (status) => status >= 200 && status < 400 } = options;
  // Reusing connections is what makes a few hundred requests a second cheap enough on 2 cores.
  const agent = new Agent({ keepAlive: true, maxSockets: 64 });
  const start = performance.now();
  let sendingEndedAt: number | undefined;
  let sent = 0;
  let ok = 0;
  let failed = 0;
  const failures: LoadReport['failures'] = [];
  const bodies = new Map<string, number>();
  const latencies: number[] = [];
  const inFlight = new Set<Promise<void>>();

  function send(): void {
    sent += 1;
    const sentAt = performance.now();
    let settle!: () => void;
    const done = new Promise<void>((resolve) => (settle = resolve));
    inFlight.add(done);

    // Several events can report the same request (a timeout, then the error from destroying
    // it; an answer, then the close); only the first one counts.
    let finished = false;
    const finish = (outcome: { status: number; body: string } | Error): void => {
      if (finished) return;
      finished = true;
      clearTimeout(timer);
      const now = performance.now();
      latencies.push(now - sentAt);
      if (!(outcome instanceof Error)) bodies.set(outcome.body, (bodies.get(outcome.body) ?? 0) + 1);
      if (!(outcome instanceof Error) && okStatus(outcome.status)) {
        ok += 1;
      } else {
        failed += 1;
        const reason = outcome instanceof Error ? outcome.message || String(outcome) : String(outcome.status);
        if (keepsExample(failures, reason)) failures.push({ atMs: Math.round(now - start), reason });
      }
      inFlight.delete(done);
      settle();
    };

    const req = request({ host: '127.0.0.1', port, path, agent, headers: { ...headers, host } }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => finish({ status: res.statusCode ?? 0, body }));
      res.on('error', finish);
    });
    // A whole-request deadline: the socket `timeout` option only notices idle sockets.
    const timer = setTimeout(() => {
      finish(new Error(`no answer in ${timeoutMs} ms`));
      req.destroy();
    }, timeoutMs);
    req.on('error', finish);
    req.on('close', () => finish(new Error('connection closed before the answer ended')));
    req.end();
  }

  // Catching up to the count due by now, rather than sending a fixed number per tick, keeps
  // the average rate right however late the timer fires.
  const ticker = setInterval(() => {
    const due = Math.floor(((performance.now() - start) / 1000) * rate);
    while (sent < due) send();
  }, TICK_MS);

  function snapshot(): LoadReport {
    const sorted = [...latencies].sort((a, b) => a - b);
    const percentile = (p: number): number => sorted[Math.max(0, Math.ceil((p / 100) * sorted.length) - 1)] ?? 0;
    const seconds = ((sendingEndedAt ?? performance.now()) - start) / 1000;
    return {
      sent,
      ok,
      failed,
      failures: [...failures],
      bodies: new Map(bodies),
      p50Ms: percentile(50),
      p99Ms: percentile(99),
      maxMs: sorted.at(-1) ?? 0,
      rate: seconds > 0 ? sent / seconds : 0,
    };
  }

  let stopped: Promise<LoadReport> | undefined;
  async function stop(): Promise<LoadReport> {
    clearInterval(ticker);
    sendingEndedAt ??= performance.now();
    stopped ??= (async () => {
      await Promise.all(inFlight);
      agent.destroy();
      return snapshot();
    })();
    return stopped;
  }

  return { stop, snapshot };
}
