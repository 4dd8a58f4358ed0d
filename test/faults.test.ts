import { request } from 'node:http';
import { readdirSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AETHER_LABELS } from '../contract/aether-labels.js';
import { ROLLOUT_STEPS, type RolloutStep } from '../control/src/deployments/status.js';
import { docker, restartEngine, runningDeployments } from './support/docker.js';
import { eventually, get, type Reply, send } from './support/http.js';
import { type ApiUser, callApi, FINAL_STATUSES, signUp, untilStatus as untilStatusOf } from './support/api-user.js';
import { DASHBOARD_HOST, type Stack, startStack } from './support/stack.js';

// Parts of Aether killed for real in the middle of a deploy (issue #17): a process by SIGKILL or
// SIGSTOP, a container by `docker restart`, Redis and Postgres (the stack's own, never the test
// bed's) killed and started again, the Docker engine itself stopped and started. Each fault lands at a point the API shows (a deployment that
// is `building` or `deploying`, a line of its build log), not after a sleep. Afterwards the
// deployment reaches a final state on its own, the project's host served the last good
// deployment all along, and nothing of a failed deployment is left behind.

let stack: Stack;
let user: ApiUser;
/** The builder's job lock: a build whose worker died is taken up again once it lapses. */
const BUILD_LOCK_SECONDS = 5;
/** How often control's reconciler runs: what a crash left is repaired within it. */
const RECONCILE_SECONDS = 5;

beforeAll(async () => {
  stack = await startStack(
    'faults',
    {
      builder: { AETHER_BUILD_LOCK_SECONDS: String(BUILD_LOCK_SECONDS) },
      // One container kept running: the one a deployment replaces is retired, after its drain.
      control: { AETHER_RECONCILE_SECONDS: String(RECONCILE_SECONDS), AETHER_KEEP_RUNNING: '1' },
    },
    { ownStores: true },
  );
  user = await signUp(stack, 'faults@example.com');
}, 180_000);

afterAll(async () => {
  await stack?.stop();
});

const api = <T>(method: string, path: string, json?: unknown, on = user): Promise<T> => callApi<T>(on, method, path, json);

type Deployment = { id: string; status: string; error: string | null; rolloutStep: RolloutStep | null };

/** A project serving its first deployment, answering `greeting`; its ID and the path of its deployments. */
async function liveProject(slug: string, greeting: string, build?: string): Promise<{ id: string; deployments: string }> {
  const project = await api<{ id: string }>('POST', '/projects', { slug, repository: stack.addRepository(slug, greeting, build) });
  const deployments = `/projects/${project.id}/deployments`;
  const first = await api<Deployment>('POST', deployments);
  await untilFinal(deployments, first.id, 180_000, 'ready');
  return { id: project.id, deployments };
}

const untilStatus = (deployments: string, id: string, statuses: readonly string[], timeoutMs: number, on = user): Promise<Deployment> =>
  untilStatusOf<Deployment>(on, deployments, id, statuses, timeoutMs);

/** Once the rollout has reached `step`, or a later one, or has ended. */
async function untilRolloutStep(deployments: string, id: string, step: RolloutStep): Promise<void> {
  await eventually(async () => {
    const deployment = await api<Deployment>('GET', `${deployments}/${id}`);
    const reached = deployment.rolloutStep !== null && ROLLOUT_STEPS.indexOf(deployment.rolloutStep) >= ROLLOUT_STEPS.indexOf(step);
    if (!reached && !FINAL_STATUSES.includes(deployment.status)) throw new Error(`${id} has not reached ${step}`);
  }, 120_000);
}

async function untilFinal(deployments: string, id: string, timeoutMs: number, expected?: string, on = user): Promise<Deployment> {
  const deployment = await untilStatus(deployments, id, FINAL_STATUSES, timeoutMs, on);
  if (expected !== undefined) expect(deployment, deployment.error ?? '').toMatchObject({ status: expected });
  return deployment;
}

/** Asks the project's host every 100 ms until stopped: every answer it got. */
function watchHost(slug: string): { stop(): Promise<Array<Reply | Error>> } {
  const answers: Array<Reply | Error> = [];
  let watching = true;
  const loop = (async () => {
    while (watching) {
      const answer = await get(stack.traefikPort, `${slug}.localhost`, '/').catch((error: Error) => error);
      answers.push(Object.assign(answer, { at: new Date().toISOString() }));
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  })();
  return {
    async stop() {
      watching = false;
      await loop;
      return answers;
    },
  };
}

/** A build step that prints FAULT_POINT (a text its command line does not hold), then runs on for `seconds`. */
const stepPrinting = (seconds: number) => `node -e "console.log('fault' + ' point'); setTimeout(() => {}, ${seconds * 1000})"`;
const FAULT_POINT = 'fault point';

/** A viewer of a deployment's build log as it comes (GET .../build-logs): the lines it was shown. */
function watchBuildLog(deployments: string, id: string): { lines: string[]; until(text: string): Promise<void>; close(): void } {
  const lines: string[] = [];
  let buffer = '';
  const req = request(
    { host: '127.0.0.1', port: stack.traefikPort, path: `/api${deployments}/${id}/build-logs`, headers: { host: DASHBOARD_HOST, authorization: `Bearer ${user.token}`, accept: 'text/event-stream' } },
    (res) => {
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        buffer += chunk;
        const events = buffer.split('\n\n');
        buffer = events.pop()!;
        for (const event of events) {
          const data = event.split('\n').find((line) => line.startsWith('data:'));
          const isLine = !event.split('\n').some((line) => line.startsWith('event:'));
          if (data !== undefined && isLine) lines.push((JSON.parse(data.slice(5)) as { text: string }).text);
        }
      });
    },
  );
  req.on('error', () => undefined);
  req.end();
  return {
    lines,
    until: (text) =>
      eventually(async () => {
        if (!lines.some((line) => line.includes(text))) throw new Error(`the build log has shown no "${text}" yet:\n${lines.join('\n')}`);
      }, 120_000),
    close: () => req.destroy(),
  };
}

/** Every line of the deployment's build log as its record holds it once the build ended. */
async function recordedBuildLog(deployments: string, id: string): Promise<string[]> {
  const reply = await send(stack.traefikPort, DASHBOARD_HOST, 'GET', `/api${deployments}/${id}/build-logs`, { headers: { authorization: `Bearer ${user.token}` } }, 30_000);
  return reply.body
    .split('\n\n')
    .filter((event) => !event.includes('event:'))
    .flatMap((event) => event.split('\n').filter((line) => line.startsWith('data:')))
    .map((line) => (JSON.parse(line.slice(5)) as { text: string }).text);
}

/**
 * Where a fault strikes: the build, or the rollout as a whole, or one of its steps (or the one
 * after, had it moved on), or once the deployment is live, while the one it replaced drains.
 */
type Phase = 'building' | 'deploying' | RolloutStep | 'retiring';
/** A first deployment, a second one through the fault, and the repair after it. */
const FAULT_TEST_MS = 300_000;

/**
 * Deploys a second version of a project serving its first while `fault` strikes at `phase`:
 * while building, once the build log shows FAULT_POINT; while deploying, as the API shows it.
 * What the host answered throughout, the deployment's final state, and the log lines shown before the fault.
 */
async function deployThrough(slug: string, phase: Phase, fault: () => Promise<void>): Promise<{ settled: Deployment; answers: Array<Reply | Error>; shown: string[]; deployments: string }> {
  const project = await liveProject(slug, 'first', stepPrinting(4));
  stack.pushGreeting(slug, 'second', 'Second version');
  const watch = watchHost(slug);
  const second = await api<Deployment>('POST', project.deployments);
  const log = watchBuildLog(project.deployments, second.id);
  if (phase === 'building') await log.until(FAULT_POINT);
  else if (phase === 'deploying') await untilStatus(project.deployments, second.id, ['deploying'], 120_000);
  else if (phase === 'retiring') await untilStatus(project.deployments, second.id, ['ready'], 180_000);
  else await untilRolloutStep(project.deployments, second.id, phase);
  log.close();
  const shown = [...log.lines];
  await fault();
  const settled = await untilFinal(project.deployments, second.id, 180_000);
  return { settled, answers: await watch.stop(), shown, deployments: project.deployments };
}

/** What a deploy through a fault must leave: the last good deployment served throughout, and the log lines shown kept. */
async function expectRepaired(slug: string, outcome: Awaited<ReturnType<typeof deployThrough>>): Promise<void> {
  const { settled, answers, shown, deployments } = outcome;
  expect(bodies(answers)).toEqual(expect.arrayContaining(['200 first']));
  expect(bodies(answers).filter((body) => body !== '200 first' && body !== '200 second'), timeline(answers)).toEqual([]);
  const served = (await get(stack.traefikPort, `${slug}.localhost`, '/')).body;
  expect(served).toBe(settled.status === 'ready' ? 'second' : 'first');
  const recorded = await recordedBuildLog(deployments, settled.id);
  expect(shown.filter((line) => !recorded.includes(line))).toEqual([]);
  await eventually(async () => expect(await leftovers()).toEqual([]), 60_000);
}

/**
 * What the stack's control left that it should not have: a container or an image of a deployment
 * that is not live, a network or a route file of no project, a route file half written.
 */
async function leftovers(): Promise<string[]> {
  const filters = JSON.stringify({ label: [`${AETHER_LABELS.instance}=${stack.instance}`] });
  const found: string[] = [];
  const projects = await api<Array<{ id: string; slug: string }>>('GET', '/projects');
  const statusOf = async (labels: Record<string, string> | null) => {
    const path = `/projects/${labels?.[AETHER_LABELS.project]}/deployments/${labels?.[AETHER_LABELS.deployment]}`;
    return (await api<Deployment>('GET', path).catch(() => null))?.status ?? 'unknown';
  };
  for (const container of await docker.listContainers({ all: true, filters })) {
    const status = await statusOf(container.Labels);
    if (status !== 'ready') found.push(`container ${container.Names[0]} of a deployment ${status}`);
  }
  // A deployment that never went live keeps no image: only a rollback could use it, and it may not.
  for (const image of await docker.listImages({ filters })) {
    const status = await statusOf(image.Labels);
    if (status !== 'ready') found.push(`image ${image.Id} of a deployment ${status}`);
  }
  const networks = await docker.listNetworks({ filters });
  for (const network of networks) if (!projects.some((project) => network.Name.includes(project.id))) found.push(`network ${network.Name}`);
  for (const file of readdirSync(stack.routesDir)) {
    const slug = /^project-(.+)\.yml$/.exec(file)?.[1];
    if (file.endsWith('.partial') || (slug !== undefined && !projects.some((project) => project.slug === slug))) found.push(`route file ${file}`);
  }
  return found;
}

const text = (answer: Reply | Error) => (answer instanceof Error ? answer.message : `${answer.status} ${answer.body}`);
/** When the host's answer changed, for a failure's report. */
const timeline = (answers: Array<Reply | Error>) =>
  answers
    .filter((answer, i) => i === 0 || text(answer) !== text(answers[i - 1]!))
    .map((answer) => `${(answer as { at?: string }).at} ${text(answer)}`)
    .join('\n');

const bodies = (answers: Array<Reply | Error>) => [...new Set(answers.map((answer) => (answer instanceof Error ? answer.message : `${answer.status} ${answer.body}`)))];

describe('the builder killed with SIGKILL in the middle of a build', () => {
  it('builds the deployment again once started, and the project serves the last good one until it is live', async () => {
    const slug = 'builder-killed';
    // A build step long enough that the kill lands inside it.
    const project = await liveProject(slug, 'first', 'node -e "setTimeout(() => {}, 4000)"');
    stack.pushGreeting(slug, 'second', 'Second version');
    const watch = watchHost(slug);
    const second = await api<Deployment>('POST', project.deployments);
    await untilStatus(project.deployments, second.id, ['building'], 60_000);
    await stack.kill('builder');
    await stack.start('builder');
    const settled = await untilFinal(project.deployments, second.id, 120_000 + BUILD_LOCK_SECONDS * 2000, 'ready');
    const answers = await watch.stop();

    expect(settled.status).toBe('ready');
    expect(bodies(answers)).toEqual(expect.arrayContaining(['200 first']));
    expect(bodies(answers).filter((body) => body !== '200 first' && body !== '200 second')).toEqual([]);
    expect((await get(stack.traefikPort, `${slug}.localhost`, '/')).body).toBe('second');
  });
});

describe('control killed with SIGKILL at each step of a rollout', () => {
  it.each(ROLLOUT_STEPS)('while %s: takes the rollout up again once started, which goes live, and the project never stops answering', async (step) => {
    const slug = `control-killed-${step}`;
    const outcome = await deployThrough(slug, step, async () => {
      await stack.kill('control');
      await stack.start('control');
    });
    expect(outcome.settled, outcome.settled.error ?? '').toMatchObject({ status: 'ready' });
    await expectRepaired(slug, outcome);
  }, FAULT_TEST_MS);
});

describe('control killed while the deployment it replaced drains', () => {
  it('retires that one once started again: only the live deployment keeps running', async () => {
    const slug = 'control-killed-retiring';
    const outcome = await deployThrough(slug, 'retiring', async () => {
      await stack.kill('control');
      await stack.start('control');
    });
    expect(outcome.settled.status).toBe('ready');
    await expectRepaired(slug, outcome);
    await eventually(async () => expect(await runningDeployments(stack.instance, outcome.deployments.split('/')[2]!)).toEqual([outcome.settled.id]), 60_000);
  }, FAULT_TEST_MS);
});

describe('Traefik restarted', () => {
  it('serves every project again once it is back, without anyone touching anything', async () => {
    const slug = 'traefik-restarted';
    await liveProject(slug, 'still here');
    await docker.getContainer(stack.traefikContainer).restart({ t: 1 });
    await eventually(async () => {
      const reply = await get(stack.traefikPort, `${slug}.localhost`, '/');
      expect(`${reply.status} ${reply.body}`).toBe('200 still here');
    }, 60_000);
  });
});

describe('Redis killed and started again in the middle of a build', () => {
  it('with its append-only file: the build ships, and its log lines are kept', async () => {
    const slug = 'redis-kept';
    const outcome = await deployThrough(slug, 'building', () => stack.stores!.restart('redis', { keepAppendOnlyFile: true }));
    expect(outcome.settled, outcome.settled.error ?? '').toMatchObject({ status: 'ready' });
    await expectRepaired(slug, outcome);
  }, FAULT_TEST_MS);

  it('without it, empty: the build that went on ships, and the log lines shown before are kept', async () => {
    const slug = 'redis-emptied';
    const outcome = await deployThrough(slug, 'building', () => stack.stores!.restart('redis', { keepAppendOnlyFile: false }));
    expect(outcome.settled, outcome.settled.error ?? '').toMatchObject({ status: 'ready' });
    await expectRepaired(slug, outcome);
  }, FAULT_TEST_MS);
});

describe('Postgres killed and started again', () => {
  it.each<Phase>(['building', ...ROLLOUT_STEPS])('while %s: the deployment goes live once the database is back, and the host serves the last good one until then', async (phase) => {
    const slug = `postgres-${phase}`;
    const outcome = await deployThrough(slug, phase, () => stack.stores!.restart('postgres'));
    // The builder needs no database, and a rollout waits a short outage out: nothing is the user's fault.
    expect(outcome.settled, outcome.settled.error ?? '').toMatchObject({ status: 'ready' });
    await expectRepaired(slug, outcome);
  }, FAULT_TEST_MS);
});

describe('the Docker engine restarted', () => {
  it.each(['building', 'deploying'] as const)('while %s: the project serves again once the engine is back, without anyone touching anything, and the deployment goes live', async (phase) => {
    const slug = `engine-restarted-${phase}`;
    const { settled, answers, shown, deployments } = await deployThrough(slug, phase, restartEngine);
    const served = await eventually(async () => {
      const reply = await get(stack.traefikPort, `${slug}.localhost`, '/');
      expect(reply.status).toBe(200);
      return reply.body;
    }, 60_000);

    // Nothing is the user's fault: the build, or the rollout, runs again once the engine is back.
    expect(settled, settled.error ?? '').toMatchObject({ status: 'ready' });
    expect(served).toBe('second');
    // Down while the engine is, with Traefik and the app: never another answer.
    expect(bodies(answers).filter((body) => body.startsWith('200') && body !== '200 first' && body !== '200 second')).toEqual([]);
    const recorded = await recordedBuildLog(deployments, settled.id);
    expect(shown.filter((line) => !recorded.includes(line))).toEqual([]);
    await eventually(async () => expect(await leftovers()).toEqual([]), 60_000);
  }, FAULT_TEST_MS);
});

describe('a builder that hangs in the middle of a build (SIGSTOP)', () => {
  /** The least a build's time limit may be. */
  const BUILD_TIMEOUT_SECONDS = 10;
  let hung: Stack;
  let hungUser: ApiUser;

  beforeAll(async () => {
    const timeLimit = { AETHER_BUILD_TIMEOUT_SECONDS: String(BUILD_TIMEOUT_SECONDS) };
    hung = await startStack('faults-hung', { builder: timeLimit, control: { ...timeLimit, AETHER_RECONCILE_SECONDS: '2' } });
    hungUser = await signUp(hung, 'faults@example.com');
  }, 180_000);

  afterAll(async () => {
    await hung?.stop();
  });

  it('fails the deployment past its time limit, saying why, instead of leaving it building', async () => {
    const on = hungUser;
    const project = await api<{ id: string }>('POST', '/projects', { slug: 'hung', repository: hung.addRepository('hung', 'never', stepPrinting(600)) }, on);
    const deployments = `/projects/${project.id}/deployments`;
    const deployment = await api<Deployment>('POST', deployments, undefined, on);
    await untilStatus(deployments, deployment.id, ['building'], 60_000, on);
    hung.freeze('builder');
    const settled = await untilFinal(deployments, deployment.id, 120_000, undefined, on);
    hung.thaw('builder');

    expect(settled).toMatchObject({ status: 'failed', error: expect.stringContaining(`time limit of ${BUILD_TIMEOUT_SECONDS} s`) });
  });
});
