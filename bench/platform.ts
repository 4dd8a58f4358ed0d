// The platform the bench measures, run as a user runs it: control and the builder compiled as
// Aether's image compiles them and started as plain Node processes (tsx's loader would inflate
// their memory), with a database, network and Traefik of their own, driven through the HTTP API.
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { cpSync, createWriteStream, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import type { z } from 'zod';
import { database } from '../control/src/db/database.js';
import type { DeploymentReply, NewTokenReply, ProjectReply } from '../control/src/api/replies.js';
import type { projectFields } from '../control/src/api/routes/projects.js';
import { AETHER_LABELS } from '../contract/aether-labels.js';
import { commitAll } from '../test/support/build.js';
import { createTestDatabase, type TestDatabase } from '../test/support/database.js';
import { createTestNetwork, docker, removeTestObjects } from '../test/support/docker.js';
import { get } from '../test/support/http.js';
import { type OwnStores, startOwnStores } from '../test/support/own-stores.js';
import { freePort } from '../test/support/ports.js';
import { testbedEnv, testbedVar } from '../test/support/testbed.js';
import { startTraefik } from '../test/support/traefik.js';

export const repoRoot = fileURLToPath(new URL('..', import.meta.url));
const logDir = join(process.env.AETHER_CACHE ?? join(homedir(), '.cache/aether-testbed'), 'logs');

export const progress = (text: string): void => void process.stderr.write(`· ${text}\n`);

export interface Api {
  origin: string;
  token: string;
  request<T>(method: 'GET' | 'POST' | 'DELETE', path: string, body?: unknown): Promise<T>;
}

export interface Bench {
  run: string;
  /** Its control's AETHER_INSTANCE, which labels every container and image it makes. */
  instance: string;
  /** Where the bench's repositories live; removed with everything else. */
  workDir: string;
  db: TestDatabase;
  traefikPort: number;
  traefikContainer: string;
  api: Api;
  pids: { control: number; builder: number };
  /** Kills control or the builder with SIGKILL and starts it again with its environment, once ready. */
  restart(part: Part): Promise<void>;
  /** Redis and Postgres of the bench's own, when started with `ownStores`; else the test bed's. */
  stores: OwnStores | undefined;
  stop(): Promise<void>;
}

type Part = 'control' | 'builder';

export interface BenchOptions {
  /** Redis and Postgres in containers of the bench's own, which a measure may restart. */
  ownStores?: boolean;
  /** Settings of a part's own, on top of the bench's. */
  environment?: Partial<Record<Part, Record<string, string>>>;
}

export interface Project {
  id: string;
  slug: string;
  /** The production host, through Traefik. */
  host: string;
}

/** Compiles, starts and signs up; `stop` undoes whatever of it was done, in reverse. */
export async function startBench(options: BenchOptions = {}): Promise<Bench> {
  const undo: Array<() => unknown> = [];
  const stop = async () => {
    for (const step of undo.reverse()) await Promise.resolve().then(step).catch((error: unknown) => console.error('clean-up:', error));
  };
  try {
    const run = randomBytes(3).toString('hex');
    const instance = `bench-${run}`;
    const workDir = mkdtempSync(join(tmpdir(), 'aether-bench-'));
    undo.push(() => rmSync(workDir, { recursive: true, force: true }));
    progress('compiling control and builder');
    const dist = compile(join(workDir, 'dist'));
    const stores = options.ownStores === true ? await startOwnStores() : undefined;
    if (stores !== undefined) undo.push(() => stores.remove());
    const db = stores === undefined ? await createTestDatabase() : await ownDatabase(stores.databaseUrl);
    undo.push(() => db.drop());
    // Traefik, the network and the plain builds' containers carry the test label.
    undo.push(() => removeTestObjects());
    const network = await createTestNetwork(`aether-bench-${run}`);
    const traefik = await startTraefik(network);
    undo.push(() => rmSync(traefik.routesDir, { recursive: true, force: true }));
    undo.push(() => removeInstance(instance, traefik.container));

    const common = {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '',
      ...imageNodeSettings(),
      REDIS_URL: stores?.redisUrl ?? testbedVar('REDIS_URL'),
      // Control writes the build-job key here; the builder never gets AETHER_SECRET_KEY.
      AETHER_BUILD_KEY_FILE: join(workDir, 'build-key'),
      AETHER_ALLOW_LOCAL_SOURCES: 'true',
    };
    const port = await freePort();
    const origin = `http://127.0.0.1:${port}`;
    const images = Object.fromEntries(Object.entries(testbedEnv).filter(([key]) => key.startsWith('AETHER_IMAGE_')));
    const environments: Record<Part, Record<string, string>> = {
      control: {
        ...common,
      // The one origin control takes writes made with its session cookie from.
      AETHER_PUBLIC_URL: origin,
      AETHER_SECRET_KEY: randomBytes(32).toString('base64'),
      PORT: String(port),
      DATABASE_URL: db.url,
      AETHER_INSTANCE: instance,
      AETHER_APPS_DOMAIN: 'localhost',
      AETHER_TRAEFIK_URL: traefik.url.href,
      AETHER_ROUTES_DIR: traefik.routesDir,
        AETHER_TRAEFIK_CONTAINER: traefik.container,
        ...options.environment?.control,
      },
      builder: { ...common, ...images, ...options.environment?.builder },
    };
    const ready: Record<Part, string> = { control: 'listening', builder: 'waiting for builds and detections' };
    const parts = {} as Record<Part, ChildProcess>;
    for (const part of ['control', 'builder'] as const) {
      parts[part] = await startService(dist, part, ready[part], environments[part]);
      undo.push(() => stopService(parts[part]));
    }
    const pids = { control: parts.control.pid!, builder: parts.builder.pid! };

    return {
      run,
      instance,
      workDir,
      db,
      traefikPort: traefik.port,
      traefikContainer: traefik.container,
      api: apiClient(origin, await signUp(origin)),
      pids,
      async restart(part) {
        const exited = once(parts[part], 'exit');
        parts[part].kill('SIGKILL');
        await exited;
        parts[part] = await startService(dist, part, ready[part], environments[part]);
        pids[part] = parts[part].pid!;
      },
      stores,
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}

/** The own Postgres's one database, control's, which goes with its container. */
async function ownDatabase(url: string): Promise<TestDatabase> {
  const pool = new pg.Pool({ connectionString: url });
  pool.on('error', () => undefined);
  return { url, pool, db: database(pool), drop: () => pool.end() };
}

/** What the Dockerfile builds into dist/: tsc's output, with the migrations and Traefik's shared routes beside it. */
function compile(out: string): string {
  execFileSync('npx', ['tsc', '-p', 'tsconfig.build.json', '--outDir', out], { cwd: repoRoot, stdio: 'inherit' });
  cpSync(join(repoRoot, 'control/drizzle'), join(out, 'control/drizzle'), { recursive: true });
  cpSync(join(repoRoot, 'traefik/dynamic'), join(out, 'traefik/dynamic'), { recursive: true });
  // Outside the repository the output needs its module type, and a way to its dependencies.
  writeFileSync(join(out, 'package.json'), JSON.stringify({ type: 'module' }));
  symlinkSync(join(repoRoot, 'node_modules'), join(out, 'node_modules'));
  return out;
}

/** NODE_ENV, NODE_OPTIONS and the like as Aether's image sets them (its final stage's ENV), so that what is measured is what ships. */
function imageNodeSettings(): Record<string, string> {
  const dockerfile = readFileSync(join(repoRoot, 'Dockerfile'), 'utf8');
  const finalStage = dockerfile.slice(dockerfile.lastIndexOf('\nFROM '));
  const pairs = [...finalStage.matchAll(/^ENV (.+)$/gm)].flatMap(([, line]) => [...line!.matchAll(/(\w+)=("[^"]*"|\S+)/g)]);
  return Object.fromEntries(pairs.map(([, key, value]) => [key!, value!.replace(/^"(.*)"$/, '$1')]).filter(([key]) => key!.startsWith('NODE_')));
}

/** Starts `node dist/<name>/src/main.js`, its output in the test bed's log folder, and resolves once it logs `ready`. */
async function startService(dist: string, name: 'control' | 'builder', ready: string, env: Record<string, string>): Promise<ChildProcess> {
  mkdirSync(logDir, { recursive: true });
  const logPath = join(logDir, `bench-${name}.log`);
  const log = createWriteStream(logPath);
  const child = spawn(process.execPath, [join(dist, name, 'src/main.js')], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout.pipe(log, { end: false });
  child.stderr.pipe(log, { end: false });
  let output = '';
  const collect = (chunk: Buffer) => (output += chunk.toString());
  child.stdout.on('data', collect);
  const exited = once(child, 'exit').then(([code]) => {
    throw new Error(`${name} exited with code ${String(code)} before it was ready; see ${logPath}`);
  });
  const started = (async () => {
    const deadline = Date.now() + 60_000;
    while (!output.includes(`"msg":"${ready}"`)) {
      if (Date.now() > deadline) throw new Error(`${name} was not ready within 60 s; see ${logPath}`);
      await sleep(50);
    }
  })();
  try {
    await Promise.race([started, exited]);
  } catch (error) {
    await stopService(child);
    throw error;
  }
  // Only the first lines were needed; the log file keeps the rest.
  child.stdout.off('data', collect);
  return child;
}

async function stopService(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = once(child, 'exit');
  child.kill('SIGTERM');
  const kill = setTimeout(() => child.kill('SIGKILL'), 10_000);
  await exited;
  clearTimeout(kill);
}

/** The deployments' containers, networks and images: whatever carries this install's name. */
async function removeInstance(instance: string, traefik: string): Promise<void> {
  const filters = JSON.stringify({ label: [`${AETHER_LABELS.instance}=${instance}`] });
  for (const c of await docker.listContainers({ all: true, filters })) await docker.getContainer(c.Id).remove({ force: true });
  for (const n of await docker.listNetworks({ filters })) {
    await docker.getNetwork(n.Id).disconnect({ Container: traefik, Force: true }).catch(() => undefined);
    await docker.getNetwork(n.Id).remove();
  }
  for (const image of await docker.listImages({ filters })) await docker.getImage(image.Id).remove({ force: true }).catch(() => undefined);
}

/** The first account (Hono's CSRF check wants the Origin), then an API token for everything after. */
async function signUp(origin: string): Promise<string> {
  const headers = { origin, 'content-type': 'application/json' };
  const account = { email: 'bench@example.com', password: randomBytes(12).toString('hex') };
  const signedUp = await fetch(`${origin}/api/auth/signup`, { method: 'POST', headers, body: JSON.stringify(account) });
  if (!signedUp.ok) throw new Error(`sign-up: ${signedUp.status} ${await signedUp.text()}`);
  const cookie = signedUp.headers.getSetCookie()[0]?.split(';')[0] ?? '';
  const made = await fetch(`${origin}/api/tokens`, { method: 'POST', headers: { ...headers, cookie }, body: JSON.stringify({ name: 'bench' }) });
  if (!made.ok) throw new Error(`making a token: ${made.status} ${await made.text()}`);
  return ((await made.json()) as NewTokenReply).token;
}

function apiClient(origin: string, token: string): Api {
  return {
    origin,
    token,
    async request<T>(method: string, path: string, body?: unknown): Promise<T> {
      const reply = await fetch(`${origin}/api${path}`, {
        method,
        headers: { authorization: `Bearer ${token}`, ...(body !== undefined && { 'content-type': 'application/json' }) },
        ...(body !== undefined && { body: JSON.stringify(body) }),
      });
      const text = await reply.text();
      if (!reply.ok) throw new Error(`${method} /api${path}: ${reply.status} ${text}`);
      return (text === '' ? undefined : JSON.parse(text)) as T;
    },
  };
}

/** A copy of a test fixture, without anything installed into it. */
export function copyFixture(bench: Bench, fixture: string): string {
  const dir = mkdtempSync(join(bench.workDir, `${fixture}-`));
  cpSync(join(repoRoot, 'test/fixtures', fixture), dir, { recursive: true, filter: (path) => !path.includes('node_modules') });
  return dir;
}

/** A git repository of a test fixture, as a user's would be. */
export function fixtureRepository(bench: Bench, fixture: string): string {
  const dir = copyFixture(bench, fixture);
  commitAll(dir, 'the fixture');
  return dir;
}

/** A git repository of the files. */
export function newRepository(bench: Bench, files: Record<string, string>): string {
  const dir = mkdtempSync(join(bench.workDir, 'app-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  commitAll(dir, 'first');
  return dir;
}

export async function createProject(bench: Bench, name: string, repository: string): Promise<Project> {
  const fields: z.input<typeof projectFields> = { slug: `bench-${bench.run}-${name}`, repository };
  const project = await bench.api.request<ProjectReply>('POST', '/projects', fields);
  return { id: project.id, slug: project.slug, host: `${project.slug}.localhost` };
}

/**
 * Triggers a deployment of the branch's head and times it as a user waits for it: from the
 * request to the production host answering with `marker`.
 */
export async function timedDeploy(bench: Bench, project: Project, marker: string): Promise<{ deployment: DeploymentReply; seconds: number }> {
  const started = performance.now();
  const queued = await bench.api.request<DeploymentReply>('POST', `/projects/${project.id}/deployments`);
  const live = await firstAnswer(bench.traefikPort, project.host, marker, 20, () => throwIfFailed(bench, project, queued.id));
  return { deployment: await settled(bench, project, queued.id), seconds: (live - started) / 1000 };
}

/**
 * The moment (performance.now()) `host` on 127.0.0.1:`port` first answers with a body that
 * contains `marker`, polling every `everyMs`; `check` runs every 25 polls to give up early.
 */
export async function firstAnswer(port: number, host: string, marker: string, everyMs: number, check: () => Promise<void> = async () => {}): Promise<number> {
  const deadline = performance.now() + 300_000;
  for (let polls = 1; ; polls++) {
    const reply = await get(port, host).catch(() => null);
    if (reply?.body.includes(marker)) return performance.now();
    if (performance.now() > deadline) throw new Error(`${host} did not answer with ${marker} within 5 minutes`);
    if (polls % 25 === 0) await check();
    await sleep(everyMs);
  }
}

const ENDED = new Set(['ready', 'failed', 'canceled']);

async function throwIfFailed(bench: Bench, project: Project, deploymentId: string): Promise<void> {
  const deployment = await bench.api.request<DeploymentReply>('GET', `/projects/${project.id}/deployments/${deploymentId}`);
  if (deployment.status === 'failed' || deployment.status === 'canceled') throw new Error(`deployment ${deploymentId} ${deployment.status}: ${deployment.error}`);
}

/** The deployment once it has ended; it must have gone live. */
export async function settled(bench: Bench, project: Project, deploymentId: string): Promise<DeploymentReply> {
  for (;;) {
    const deployment = await bench.api.request<DeploymentReply>('GET', `/projects/${project.id}/deployments/${deploymentId}`);
    if (deployment.status === 'ready') return deployment;
    if (ENDED.has(deployment.status)) throw new Error(`deployment ${deploymentId} ${deployment.status}: ${deployment.error}`);
    await sleep(200);
  }
}
