// The measurements as the Markdown that is printed and written to bench/results.md. Pure: it
// only reads what the other modules measured.
import type { ApiLatency } from './api-latency.js';
import { API_PROJECTS, API_RATE } from './api-latency.js';
import { type DeployFigures, LOAD_RATE, ROUNDS, type Round } from './deploy-figures.js';
import type { DashboardSize } from './dashboard-size.js';
import { FAULTS, type FaultFigures, PHASES, STUCK_AFTER_SECONDS } from './faults.js';
import type { Footprint } from './footprint.js';

export interface Measurements {
  idle: Footprint;
  deploys: DeployFigures;
  /** Milliseconds, sorted. */
  logLatencies: number[];
  api: ApiLatency;
  images: { spa: number; node: number; python: number };
  dashboard: DashboardSize;
  faults: FaultFigures;
}

interface Row {
  figure: string;
  measured: string;
  target: string;
  met: boolean;
}

const s = (seconds: number) => `${seconds.toFixed(2)} s`;
const ms = (milliseconds: number) => `${milliseconds.toFixed(1)} ms`;
const mb = (bytes: number) => `${(bytes / 1e6).toFixed(1)} MB`;
const kb = (bytes: number) => `${(bytes / 1e3).toFixed(1)} KB`;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

/** Nearest rank, as test/support/load.ts reports its percentiles. */
function percentile(sorted: number[], p: number): number {
  return sorted[Math.max(0, Math.ceil((p / 100) * sorted.length) - 1)] ?? 0;
}

const plain = (round: Round) => round.plainBuild + round.plainStart;

function rows(m: Measurements): Row[] {
  const { rounds, load } = m.deploys;
  const overhead = median(rounds.map((r) => r.cold / plain(r)));
  const sourceOnly = median(rounds.map((r) => r.sourceOnly / r.cold));
  const logP99 = percentile(m.logLatencies, 99);
  const api = m.api.report;
  const apiFailed = api.failed === 0 ? '' : `, ${api.failed} of ${api.sent} failed`;
  return [
    {
      figure: 'deploy overhead',
      measured: `${overhead.toFixed(2)} (${s(median(rounds.map((r) => r.cold)))} vs ${s(median(rounds.map(plain)))})`,
      target: 'at most 1.10',
      met: overhead <= 1.1,
    },
    {
      figure: 'source-only redeploy',
      measured: `${sourceOnly.toFixed(2)} (${s(median(rounds.map((r) => r.sourceOnly)))} vs ${s(median(rounds.map((r) => r.cold)))})`,
      target: 'at most 0.25',
      met: sourceOnly <= 0.25,
    },
    {
      figure: 'zero downtime',
      measured: `${load.failed} failed of ${load.sent} at ${load.rate.toFixed(0)} req/s`,
      target: '0 at 200+ req/s',
      met: load.failed === 0 && load.rate >= 200,
    },
    { figure: 'switch time', measured: s(m.deploys.switchSeconds), target: 'under 1 s', met: m.deploys.switchSeconds < 1 },
    {
      figure: 'rollback',
      measured: `${s(m.deploys.hastyRollbackSeconds)} a second after a redeploy, ${s(m.deploys.rollbackSeconds)} once quiet`,
      target: 'under 2 s',
      met: Math.max(m.deploys.hastyRollbackSeconds, m.deploys.rollbackSeconds) < 2,
    },
    { figure: 'log latency', measured: `p50 ${ms(percentile(m.logLatencies, 50))}, p99 ${ms(logP99)}`, target: 'p99 under 250 ms', met: logP99 < 250 },
    {
      figure: 'API',
      measured: `p50 ${ms(api.p50Ms)}, p99 ${ms(api.p99Ms)} at ${api.rate.toFixed(0)} req/s${apiFailed}`,
      target: 'p99 under 20 ms',
      met: api.p99Ms < 20 && api.failed === 0,
    },
    {
      figure: 'deploys under random faults',
      measured: `${m.faults.stuck} stuck of ${m.faults.rounds.length}; longest from a fault to settled ${s(m.faults.longestSeconds)}`,
      target: '0 stuck',
      met: m.faults.stuck === 0,
    },
    {
      figure: 'footprint',
      measured: `idle ${mb(m.idle.total)} (control ${mb(m.idle.control)} + builder ${mb(m.idle.builder)}); building ${mb(m.deploys.buildPeak.total)} (control ${mb(m.deploys.buildPeak.control)}, builder ${mb(m.deploys.buildPeak.builder)})`,
      target: 'idle under 150 MB',
      met: m.idle.total < 150e6,
    },
    {
      figure: 'image sizes',
      measured: `SPA ${mb(m.images.spa)}, Node server ${mb(m.images.node)}, Python ${mb(m.images.python)}`,
      target: 'SPA under 40 MB',
      met: m.images.spa < 40e6,
    },
    {
      figure: 'dashboard JS',
      measured: `initial ${kb(m.dashboard.initialJs)}; largest chunks loaded later: ${m.dashboard.largestChunks.map((c) => `${c.name} ${kb(c.bytes)}`).join(', ')}`,
      target: 'initial at most 60 KB',
      met: m.dashboard.initialJs <= 60e3,
    },
  ];
}

function notes(m: Measurements): string[] {
  const { rounds, load } = m.deploys;
  // The round whose cold deploy is the median one shows where the time goes.
  const middle = [...rounds].sort((a, b) => a.cold - b.cold)[Math.floor(rounds.length / 2)]!;
  const phase = (milliseconds: number | null) => (milliseconds === null ? '?' : s(milliseconds / 1000));
  const phases = (d: Round['durations']['cold']) => `queued ${phase(d.queuedMs)}, clone + build ${phase(d.buildMs)}, image to live ${phase(d.deployMs)}`;
  const failures = load.failures.slice(0, 3).map((f) => `${f.reason} at ${f.atMs} ms`);
  return [
    `Deploys are of test/fixtures/express-npm through the whole platform (compiled control and builder, Traefik, Postgres, Redis, the engine's BuildKit), driven through the HTTP API; trigger-to-live runs from the POST to the production host answering the new version through Traefik. Medians of ${ROUNDS} rounds, each a new project; per round, deploy overhead ${rounds.map((r) => (r.cold / plain(r)).toFixed(2)).join(', ')} and source-only ${rounds.map((r) => (r.sourceOnly / r.cold).toFixed(2)).join(', ')}.`,
    "Cache state: cold. BuildKit's whole cache (layers and the npm cache mount) is pruned (`docker builder prune --all`) before each cold Aether deploy and again before each plain build; base images are present, and npm fetches every package from the registry both times. The plain side builds the Dockerfile Aether stored with the deployment from the same files, straight through the engine, then runs it with a published port until it answers; every other round it goes first.",
    `Where the time goes, in the round of the median cold deploy (control's records): cold ${phases(middle.durations.cold)}, against a plain build of ${s(middle.plainBuild)} and ${s(middle.plainStart)} from start to answer; source-only (one line of server.js changed) ${phases(middle.durations.sourceOnly)}.`,
    `Zero downtime, switch and rollback: ${LOAD_RATE} req/s to the production host from 2 s before a redeploy until 2 s after two rollbacks: a second after the redeploy went live, to the deployment before it, then, once that request had returned, back to the redeploy; request p99 ${ms(load.p99Ms)}, max ${ms(load.maxMs)}${failures.length > 0 ? `; failures: ${failures.join('; ')}` : ''}. Switch: from the new deployment's own host first answering to the production host answering from it for good (polled every 10 ms). Rollback: from the POST to the production host answering from the earlier image.`,
    `Log latency: ${m.logLatencies.length} lines an app wrote every 20 ms with Date.now(), received over the runtime-logs SSE stream with an API token; the backfill of lines written before the viewer connected is left out.`,
    `API: GET /api/projects with an API token, at ${API_RATE} req/s for 10 s over keep-alive connections after 2 s of the same to warm up, for a user with ${API_PROJECTS} projects; an answer holds ${m.api.perResponse} projects.`,
    `Faults: ${m.faults.rounds.length} redeploys of one project, each struck by one of ${FAULTS.join(', ')} (processes and stores by SIGKILL, then started again; Redis without its append-only file when empty; Traefik by docker restart; the engine stopped and started), every one at every phase (${PHASES.join(', ')}) once, in random order, the phase seen through the API (cloning and pushing events: the build log's line as the clone starts, and its line of the image built, whose event the builder pushes next; retiring: the new deployment live, the one it replaced draining for 2 s before it stops, with one container kept running); a round is settled once its deployment is final and no container of the project runs but the serving one's, and stuck when not settled ${STUCK_AFTER_SECONDS} s after the fault, with builds limited to 120 s and a reconcile every 10 s. Outcomes: ${outcomes(m.faults)}.`,
    'Dashboard JS: built by Vite as the image builds it; initial is the entry script and the modules index.html preloads, each gzipped (KB = 10^3 bytes); every page and the chart library are chunks of their own, fetched when first opened.',
    'Footprint: VmRSS of the two Node processes (`node dist/.../main.js`, no tsx, with the NODE_ settings of the image\'s Dockerfile); idle after start-up and 10 s without requests, building as the peak sampled every 100 ms during the cold deploys. Image sizes: the final image as the engine reports it. MB = 10^6 bytes.',
  ];
}

function outcomes(faults: FaultFigures): string {
  const counts = new Map<string, number>();
  for (const round of faults.rounds) counts.set(round.outcome, (counts.get(round.outcome) ?? 0) + 1);
  return [...counts].map(([outcome, n]) => `${n} ${outcome}`).join(', ');
}

export function markdownTable(head: string[], body: string[][]): string {
  return [`| ${head.join(' | ')} |`, `|${head.map(() => '---').join('|')}|`, ...body.map((cells) => `| ${cells.join(' | ')} |`)].join('\n');
}

/** The report: the header line, the figures with their targets, the notes, then any further sections. */
export function report(header: string, m: Measurements, sections: string[]): string {
  const table = markdownTable(
    ['figure', 'measured', 'target', ''],
    rows(m).map((row) => [row.figure, row.measured, row.target, row.met ? 'met' : 'MISSED']),
  );
  return [`# Where Aether stands`, '', header, '', table, '', ...notes(m).map((note) => `- ${note}`), '', ...sections].join('\n');
}
