import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { docker } from './support/docker.js';
import { eventually, get, type Reply, send } from './support/http.js';
import { type Stack, startStack } from './support/stack.js';

// Parts of Aether killed for real in the middle of a deploy (issue #17): a process by SIGKILL, a
// container by `docker restart`. Each fault lands at a phase the API shows (a deployment that is
// `building` or `deploying`), not after a sleep. Afterwards the deployment reaches a final state
// on its own, and the project's host served the last good deployment all along.

let stack: Stack;
let token: string;
const DASHBOARD = 'aether.localhost';
/** The builder's job lock: a build whose worker died is taken up again once it lapses. */
const BUILD_LOCK_SECONDS = 5;

beforeAll(async () => {
  stack = await startStack('faults', { builder: { AETHER_BUILD_LOCK_SECONDS: String(BUILD_LOCK_SECONDS) } });
  const origin = { origin: stack.url };
  const signUp = await send(stack.traefikPort, DASHBOARD, 'POST', '/api/auth/signup', { headers: origin, json: { email: 'faults@example.com', password: 'a long password for faults', name: 'Faults' } });
  expect(signUp.status).toBe(200);
  const cookie = String(signUp.headers['set-cookie']).split(';')[0]!;
  const made = await send(stack.traefikPort, DASHBOARD, 'POST', '/api/tokens', { headers: { ...origin, cookie }, json: { name: 'faults' } });
  token = (JSON.parse(made.body) as { token: string }).token;
}, 180_000);

afterAll(async () => {
  await stack?.stop();
});

async function api<T>(method: string, path: string, json?: unknown): Promise<T> {
  const reply = await send(stack.traefikPort, DASHBOARD, method, `/api${path}`, { headers: { authorization: `Bearer ${token}` }, ...(json !== undefined && { json }) });
  if (reply.status >= 300) throw new Error(`${method} ${path}: ${reply.status} ${reply.body}`);
  return JSON.parse(reply.body) as T;
}

type Deployment = { id: string; status: string; error: string | null };
const FINAL = ['ready', 'failed', 'canceled', 'superseded'];

/** A project serving its first deployment, answering `greeting`; its ID and the path of its deployments. */
async function liveProject(slug: string, greeting: string, build?: string): Promise<{ id: string; deployments: string }> {
  const project = await api<{ id: string }>('POST', '/projects', { slug, repository: stack.addRepository(slug, greeting, build) });
  const deployments = `/projects/${project.id}/deployments`;
  const first = await api<Deployment>('POST', deployments);
  await untilFinal(deployments, first.id, 180_000, 'ready');
  return { id: project.id, deployments };
}

async function untilStatus(deployments: string, id: string, statuses: readonly string[], timeoutMs: number): Promise<Deployment> {
  return eventually(async () => {
    const deployment = await api<Deployment>('GET', `${deployments}/${id}`);
    if (!statuses.includes(deployment.status)) throw new Error(`${id} is ${deployment.status}, not ${statuses.join(' or ')}`);
    return deployment;
  }, timeoutMs);
}

async function untilFinal(deployments: string, id: string, timeoutMs: number, expected?: string): Promise<Deployment> {
  const deployment = await untilStatus(deployments, id, FINAL, timeoutMs);
  if (expected !== undefined) expect(deployment, deployment.error ?? '').toMatchObject({ status: expected });
  return deployment;
}

/** Asks the project's host every 100 ms until stopped: every answer it got. */
function watchHost(slug: string): { stop(): Promise<Array<Reply | Error>> } {
  const answers: Array<Reply | Error> = [];
  let watching = true;
  const loop = (async () => {
    while (watching) {
      answers.push(await get(stack.traefikPort, `${slug}.localhost`, '/').catch((error: Error) => error));
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

describe('control killed with SIGKILL while a deployment goes live', () => {
  it('finishes or fails the rollout once started, and the project never stops answering', async () => {
    const slug = 'control-killed';
    const project = await liveProject(slug, 'first');
    stack.pushGreeting(slug, 'second', 'Second version');
    const watch = watchHost(slug);
    const second = await api<Deployment>('POST', project.deployments);
    await untilStatus(project.deployments, second.id, ['deploying'], 120_000);
    await stack.kill('control');
    await stack.start('control');
    const settled = await untilFinal(project.deployments, second.id, 90_000);
    const answers = await watch.stop();

    expect(['ready', 'failed']).toContain(settled.status);
    expect(bodies(answers).filter((body) => body !== '200 first' && body !== '200 second')).toEqual([]);
    const served = (await get(stack.traefikPort, `${slug}.localhost`, '/')).body;
    expect(served).toBe(settled.status === 'ready' ? 'second' : 'first');
  });
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
