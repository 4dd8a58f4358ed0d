// Deployments of the Node server fixture through the whole platform, each timed beside what it
// is compared with in the same run: a cold deploy beside a plain build of the same Dockerfile
// plus a container start, a source-only redeploy beside that cold deploy, and a redeploy and a
// rollback under load.
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { buildContext, GENERATED_DOCKERFILE } from '../builder/src/engine/build-context.js';
import { buildImage } from '../builder/src/engine/build-image.js';
import type { DeploymentReply } from '../control/src/api/replies.js';
import { deploymentHost } from '../control/src/routing/deployment-hosts.js';
import { runImage } from '../test/support/build.js';
import { docker, TEST_LABEL, TEST_RUN } from '../test/support/docker.js';
import { get } from '../test/support/http.js';
import { type LoadReport, startLoad } from '../test/support/load.js';
import { type Footprint, peakFootprint } from './footprint.js';
import { type Bench, copyFixture, createProject, firstAnswer, fixtureRepository, progress, type Project, settled, timedDeploy } from './platform.js';

/**
 * Cold deploys, each paired with a plain build; the figures are the medians of the pairs. Every
 * cold `npm ci` fetches from the registry, which alone moves a build by a second either way.
 */
export const ROUNDS = 10;
export const LOAD_RATE = 250;
const MARKER = 'aether-fixture:express-npm';
/** The line of server.js a revision changes: what the app answers. */
const ANSWER_LINE = /aether-fixture:express-npm[^<]*<\/p>/;
const revision = (n: number) => `[rev ${n}]`;

export interface Round {
  /** Trigger to live, in seconds, as are the others. */
  cold: number;
  sourceOnly: number;
  plainBuild: number;
  /** From the plain image built to its container answering. */
  plainStart: number;
  /** The phases of the cold deployment and of the source-only one, as control recorded them. */
  durations: { cold: DeploymentReply['durations']; sourceOnly: DeploymentReply['durations'] };
}

export interface DeployFigures {
  rounds: Round[];
  /** Control and builder at their highest during the cold deploys. */
  buildPeak: Footprint;
  nodeImageBytes: number;
  load: LoadReport;
  switchSeconds: number;
  rollbackSeconds: number;
  /** The same, asked for a second after a redeploy went live. */
  hastyRollbackSeconds: number;
}

export async function deployFigures(bench: Bench): Promise<DeployFigures> {
  const rounds: Round[] = [];
  const memory = peakFootprint(bench.pids);
  let last: Awaited<ReturnType<typeof round>> | undefined;
  for (let n = 1; n <= ROUNDS; n++) {
    // The previous round's containers would only idle beside this one's builds.
    if (last !== undefined) await bench.api.request('DELETE', `/projects/${last.project.id}`);
    last = await round(bench, n, memory, last?.cold);
    rounds.push(last.figures);
    const { cold, sourceOnly, plainBuild, plainStart } = last.figures;
    progress(`round ${n}/${ROUNDS}: cold deploy ${cold.toFixed(1)} s, source-only ${sourceOnly.toFixed(1)} s, plain build + start ${(plainBuild + plainStart).toFixed(1)} s`);
  }
  const underLoad = await redeployUnderLoad(bench, last!.project, last!.repository, last!.serving);
  const { load, switchSeconds, rollbackSeconds, hastyRollbackSeconds } = underLoad;
  progress(`under load: ${load.failed} of ${load.sent} failed, switch ${switchSeconds.toFixed(2)} s, rollback ${rollbackSeconds.toFixed(2)} s (${hastyRollbackSeconds.toFixed(2)} s right after a redeploy)`);
  return { rounds, buildPeak: memory.peak(), nodeImageBytes: last!.imageBytes, ...underLoad };
}

/**
 * A new project: a cold deploy and a source-only redeploy, and a cold plain build and run of the
 * Dockerfile Aether generated. Every other round runs the plain one first, with the previous
 * round's Dockerfile (the same but for its cache mounts' ID, empty either way), so that whatever
 * the first build warms for the second (the registry, DNS) favours neither side.
 */
async function round(bench: Bench, n: number, memory: ReturnType<typeof peakFootprint>, previous: DeploymentReply | undefined) {
  const repository = fixtureRepository(bench, 'express-npm');
  const project = await createProject(bench, `node${n}`, repository);
  const plainFirst = previous !== undefined && n % 2 === 0 ? await plainDeploy(bench, previous) : undefined;
  await pruneBuildCache();
  const cold = await memory.during(timedDeploy(bench, project, MARKER));
  const imageBytes = (await docker.getImage(cold.deployment.imageId!).inspect()).Size;
  commitRevision(repository, 1);
  const sourceOnly = await timedDeploy(bench, project, revision(1));
  const plain = plainFirst ?? (await plainDeploy(bench, cold.deployment));
  return {
    project,
    repository,
    cold: cold.deployment,
    serving: sourceOnly.deployment,
    imageBytes,
    figures: { cold: cold.seconds, sourceOnly: sourceOnly.seconds, plainBuild: plain.build, plainStart: plain.start, durations: { cold: cold.deployment.durations, sourceOnly: sourceOnly.deployment.durations } },
  };
}

/** `docker builder prune --all`: BuildKit's layers and its package-manager cache mounts alike. */
function pruneBuildCache(): Promise<void> {
  return new Promise((resolve, reject) => {
    docker.modem.dial(
      { path: '/build/prune?', method: 'POST', options: { _query: { all: true }, _body: {} }, statusCodes: { 200: true, 500: 'server error' } },
      (error: Error | null) => (error ? reject(error) : resolve()),
    );
  });
}

/**
 * What Aether is measured against: the Dockerfile it generated, built cold straight with the
 * engine's BuildKit from the same files, then run as `docker run -p` would, until the app answers.
 */
async function plainDeploy(bench: Bench, deployment: DeploymentReply): Promise<{ build: number; start: number }> {
  if (deployment.dockerfile === null) throw new Error('the Node server fixture should build with a generated Dockerfile');
  await pruneBuildCache();
  const started = performance.now();
  const imageId = await buildImage(docker, {
    context: buildContext(copyFixture(bench, 'express-npm'), deployment.dockerfile),
    dockerfile: GENERATED_DOCKERFILE,
    tag: `aether-bench/plain:${deployment.id}`,
    labels: { [TEST_LABEL]: TEST_RUN },
  });
  const built = performance.now();
  const { container, port } = await runImage({ imageId, port: deployment.port });
  try {
    const answered = await firstAnswer(port, 'localhost', MARKER, 20);
    return { build: (built - started) / 1000, start: (answered - built) / 1000 };
  } finally {
    await container.remove({ force: true });
    await docker.getImage(imageId).remove({ force: true });
  }
}

function commitRevision(repository: string, n: number): void {
  const file = join(repository, 'server.js');
  const before = readFileSync(file, 'utf8');
  const after = before.replace(ANSWER_LINE, `${MARKER} ${revision(n)}</p>`);
  if (after === before) throw new Error(`the express-npm fixture's server.js has no line matching ${ANSWER_LINE}`);
  writeFileSync(file, after);
  execFileSync('git', ['-C', repository, '-c', 'user.name=bench', '-c', 'user.email=bench@example.com', 'commit', '--quiet', '--all', '-m', `revision ${n}`]);
}

async function redeployUnderLoad(bench: Bench, project: Project, repository: string, serving: DeploymentReply) {
  commitRevision(repository, 2);
  const load = startLoad({ port: bench.traefikPort, host: project.host, rate: LOAD_RATE });
  try {
    await sleep(2_000);
    const redeploy = await timedSwitch(bench, project);
    // Right after the redeploy went live, while the container it replaced still drains.
    const hastyRollbackSeconds = await timedRollback(bench, project, serving, revision(1));
    // That request returned once its own rollout was over: the project is quiet now.
    const rollbackSeconds = await timedRollback(bench, project, redeploy.deployment, revision(2));
    // Past the old containers' draining and removal, which users must not notice either.
    await sleep(2_000);
    return { load: await load.stop(), switchSeconds: redeploy.seconds, rollbackSeconds, hastyRollbackSeconds };
  } finally {
    await load.stop();
  }
}

/**
 * A redeploy, timed from its own host answering to the production host answering from it for
 * good. Both hosts are asked in the same tick and the tick's start stamps both answers, so that
 * a reply slowed by the load does not skew one side.
 */
async function timedSwitch(bench: Bench, project: Project): Promise<{ deployment: DeploymentReply; seconds: number }> {
  const queued = await bench.api.request<DeploymentReply>('POST', `/projects/${project.id}/deployments`);
  const own = deploymentHost(queued.id, project.slug, 'localhost');
  const answers = (host: string) => get(bench.traefikPort, host).then((reply) => reply.body.includes(revision(2)), () => false);
  const ticks: Array<{ at: number; own: boolean; production: boolean }> = [];
  let watching = true;
  const watched = (async () => {
    while (watching) {
      const at = performance.now();
      const [ownAnswers, productionAnswers] = await Promise.all([answers(own), answers(project.host)]);
      ticks.push({ at, own: ownAnswers, production: productionAnswers });
      await sleep(10);
    }
  })();
  let deployment: DeploymentReply;
  try {
    deployment = await settled(bench, project, queued.id);
    // A moment longer, so that "for good" has answers after it to stand on.
    await sleep(1_000);
  } finally {
    watching = false;
    await watched;
  }
  const healthy = ticks.find((tick) => tick.own);
  const live = ticks[ticks.findLastIndex((tick) => !tick.production) + 1];
  if (healthy === undefined || live === undefined) throw new Error(`${project.host} did not move to deployment ${queued.id} for good`);
  return { deployment, seconds: (live.at - healthy.at) / 1000 };
}

/** From the request to the production host answering from the earlier deployment's image (`marker`) again. */
async function timedRollback(bench: Bench, project: Project, earlier: DeploymentReply, marker: string): Promise<number> {
  const requested = performance.now();
  const back = firstAnswer(bench.traefikPort, project.host, marker, 10);
  const rollback = await bench.api.request<DeploymentReply>('POST', `/projects/${project.id}/deployments/${earlier.id}/rollback`);
  if (rollback.status !== 'ready') throw new Error(`the rollback ${rollback.status}: ${rollback.error}`);
  return ((await back) - requested) / 1000;
}
