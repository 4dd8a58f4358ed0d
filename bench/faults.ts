// Deploys under random faults (issue #17): each round deploys a new version of one project while
// one fault strikes at one of the phases the API or the build log shows, every fault at every
// phase once, in random order; the last phase is the new deployment live while the one it
// replaced retires. The figures are how many rounds were still not settled long after (stuck):
// the deployment not final, or containers running beside the one serving; and the longest time
// from a fault to settled. A platform of its own, with its own Redis and Postgres, since the
// faults restart them. Alone: `npx tsx bench/faults.ts [rounds]` (the test bed up).
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import type { DeploymentReply, ProjectReply } from '../control/src/api/replies.js';
import { MILESTONES } from '../builder/src/build-project.js';
import { DEPLOYMENT_STATUSES, isFinal, ROLLOUT_STEPS } from '../control/src/deployments/status.js';
import { docker, restartEngine, runningDeployments } from '../test/support/docker.js';
import { openEvents } from '../test/support/sse.js';
import { testbedVar } from '../test/support/testbed.js';
import { type Bench, createProject, newRepository, progress, type Project, startBench, timedDeploy } from './platform.js';

export const FAULTS = ['control killed', 'builder killed', 'Redis restarted', 'Redis restarted empty', 'Postgres restarted', 'Traefik restarted', 'engine restarted'] as const;
export const PHASES = ['queued', 'cloning', 'building', 'pushing events', ...ROLLOUT_STEPS, 'retiring'] as const;
/** Each fault at each phase once. */
export const FAULT_ROUNDS = FAULTS.length * PHASES.length;
/** A deployment not final this long after its fault is stuck: past the longest of its limits below and a reconcile after it. */
export const STUCK_AFTER_SECONDS = 300;

type Fault = (typeof FAULTS)[number];
type Phase = (typeof PHASES)[number];

/**
 * The limits a stuck deployment is judged against: short, so that a round ends soon. One
 * container kept running, so that every deployment that goes live retires the one before, after
 * a drain long enough for a fault to strike inside it.
 */
const SETTINGS = {
  control: { AETHER_BUILD_TIMEOUT_SECONDS: '120', AETHER_RECONCILE_SECONDS: '10', AETHER_DRAIN_SECONDS: '2', AETHER_KEEP_RUNNING: '1' },
  builder: { AETHER_BUILD_TIMEOUT_SECONDS: '120', AETHER_BUILD_LOCK_SECONDS: '5' },
};

export interface FaultRound {
  fault: Fault;
  /** The phase drawn, and the one the deployment was in when the fault struck (it may have moved on while waited for). */
  phase: Phase;
  struckIn: string;
  /** Its final state, or `stuck`. */
  outcome: string;
  /** Why it failed, as the user reads it, or what was still not settled. */
  error: string | null;
  /** From the fault to settled: the deployment final, and no container running but the serving one's. */
  seconds: number;
}

export interface FaultFigures {
  rounds: FaultRound[];
  stuck: number;
  longestSeconds: number;
}

const FINAL = new Set<string>(DEPLOYMENT_STATUSES.filter(isFinal));

const server = (version: number) => `require('node:http').createServer((req, res) => res.end('version ${version}')).listen(process.env.PORT ?? 3000);\n`;
// The step after the copy runs again in every build, so that a build lasts long enough to be struck.
const DOCKERFILE = `FROM ${testbedVar('AETHER_IMAGE_NODE')}\nWORKDIR /app\nCOPY server.js .\nRUN node -e "setTimeout(() => {}, 3000)"\nEXPOSE 3000\nCMD ["node", "server.js"]\n`;

async function strike(bench: Bench, fault: Fault): Promise<void> {
  switch (fault) {
    case 'control killed':
      return bench.restart('control');
    case 'builder killed':
      return bench.restart('builder');
    case 'Redis restarted':
      return bench.stores!.restart('redis', { keepAppendOnlyFile: true });
    case 'Redis restarted empty':
      return bench.stores!.restart('redis', { keepAppendOnlyFile: false });
    case 'Postgres restarted':
      return bench.stores!.restart('postgres');
    case 'Traefik restarted':
      return void (await docker.getContainer(bench.traefikContainer).restart({ t: 1 }));
    case 'engine restarted':
      return restartEngine();
  }
}

/** The deployment, or null while control does not answer (it restarts, or its database does). */
async function read(bench: Bench, project: Project, id: string): Promise<DeploymentReply | null> {
  return bench.api.request<DeploymentReply>('GET', `/projects/${project.id}/deployments/${id}`).catch(() => null);
}

/** The deployments of the project whose containers run, and the one that serves it; null while control does not answer. */
async function running(bench: Bench, project: Project): Promise<{ running: string[]; serving: string | null } | null> {
  const reply = await bench.api.request<ProjectReply>('GET', `/projects/${project.id}`).catch(() => null);
  if (reply === null) return null;
  const deployments = await runningDeployments(bench.instance, project.id).catch(() => null);
  return deployments === null ? null : { running: deployments, serving: reply.production?.id ?? null };
}

/** Settled: no container runs but the serving deployment's (the bench keeps one running). */
const settled = (now: { running: string[]; serving: string | null } | null) => now !== null && now.running.length === 1 && now.running[0] === now.serving;

/** The phases inside a build, which its log shows: the clone starting, and the image built, whose event the builder pushes next. */
const LOG_PHASES: Partial<Record<Phase, string>> = { cloning: MILESTONES.cloning, 'pushing events': MILESTONES.built };

/** Whether the build log shows a line starting with `milestone` before the build ends (its stream ends with it). */
async function logShows(bench: Bench, project: Project, id: string, milestone: string): Promise<boolean> {
  const url = `${bench.api.origin}/api/projects/${project.id}/deployments/${id}/build-logs`;
  const stream = await openEvents(url, { authorization: `Bearer ${bench.api.token}` });
  try {
    for (let event = await stream.next(STUCK_AFTER_SECONDS * 1000); event !== null; event = await stream.next(STUCK_AFTER_SECONDS * 1000)) {
      if (event.event === 'message' && (JSON.parse(event.data) as { text: string }).text.startsWith(milestone)) return true;
    }
    return false;
  } finally {
    stream.close();
  }
}

/** Where the deployment stands among PHASES: its status, or while deploying its rollout's step. */
function phaseOf(deployment: DeploymentReply): string {
  return deployment.status === 'deploying' ? (deployment.rolloutStep ?? 'starting') : deployment.status;
}

/** Waits for the phase, or for the deployment to be past it; where it stood then. */
async function reach(bench: Bench, project: Project, id: string, phase: Phase): Promise<string> {
  const milestone = LOG_PHASES[phase];
  if (milestone !== undefined && (await logShows(bench, project, id, milestone))) return phase;
  for (;;) {
    const deployment = await read(bench, project, id);
    const now = deployment === null ? null : phaseOf(deployment);
    if (now !== null && (PHASES.indexOf(phase) <= PHASES.indexOf(now as Phase) || FINAL.has(now))) return now;
    await sleep(50);
  }
}

async function round(bench: Bench, project: Project, repository: string, version: number, fault: Fault, phase: Phase): Promise<FaultRound> {
  writeFileSync(join(repository, 'server.js'), server(version));
  execFileSync('git', ['-C', repository, '-c', 'user.name=t', '-c', 'user.email=t@example.com', 'commit', '--quiet', '-am', `version ${version}`]);
  const queued = await bench.api.request<DeploymentReply>('POST', `/projects/${project.id}/deployments`);
  const struckIn = await reach(bench, project, queued.id, phase);
  const struck = performance.now();
  await strike(bench, fault);
  const deadline = struck + STUCK_AFTER_SECONDS * 1000;
  for (;;) {
    const now = await read(bench, project, queued.id);
    const seconds = (performance.now() - struck) / 1000;
    const final = now !== null && FINAL.has(now.status);
    if (final && settled(await running(bench, project))) return { fault, phase, struckIn, outcome: now.status, error: now.error, seconds };
    if (performance.now() > deadline) {
      const error = final ? `containers running: ${(await running(bench, project))?.running.join(', ')}` : null;
      return { fault, phase, struckIn, outcome: 'stuck', error, seconds };
    }
    await sleep(200);
  }
}

const shuffled = <T>(items: readonly T[]): T[] =>
  items
    .map((item) => ({ item, key: Math.random() }))
    .sort((a, b) => a.key - b.key)
    .map(({ item }) => item);

/** Every fault at every phase, in random order, as many times over as `rounds` takes: FAULT_ROUNDS meets each once. */
function strikes(rounds: number): Array<[Fault, Phase]> {
  const every = FAULTS.flatMap((fault) => PHASES.map((phase): [Fault, Phase] => [fault, phase]));
  const deck: Array<[Fault, Phase]> = [];
  while (deck.length < rounds) deck.push(...shuffled(every));
  return deck.slice(0, rounds);
}

export async function deploysUnderFaults(rounds = FAULT_ROUNDS): Promise<FaultFigures> {
  const bench = await startBench({ ownStores: true, environment: SETTINGS });
  try {
    const repository = newRepository(bench, { 'server.js': server(0), Dockerfile: DOCKERFILE });
    const project = await createProject(bench, 'faults', repository);
    await timedDeploy(bench, project, 'version 0');
    const done: FaultRound[] = [];
    for (const [n, [fault, phase]] of strikes(rounds).entries()) {
      const result = await round(bench, project, repository, n + 1, fault, phase);
      done.push(result);
      const why = result.error === null ? '' : ` (${result.error})`;
      progress(`fault round ${n + 1}/${rounds}: ${result.fault} at ${result.phase} (struck while ${result.struckIn}): ${result.outcome}${why} after ${result.seconds.toFixed(1)} s`);
    }
    return { rounds: done, stuck: done.filter((r) => r.outcome === 'stuck').length, longestSeconds: Math.max(...done.map((r) => r.seconds)) };
  } finally {
    await bench.stop();
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const figures = await deploysUnderFaults(Number(process.argv[2] ?? FAULT_ROUNDS));
  process.stdout.write(`${JSON.stringify({ stuck: figures.stuck, longestSeconds: figures.longestSeconds, rounds: figures.rounds }, null, 2)}\n`);
  process.exit();
}
