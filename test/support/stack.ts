import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { randomBytes, randomInt } from 'node:crypto';
import { once } from 'node:events';
import { closeSync, cpSync, existsSync, mkdirSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Redis } from 'ioredis';
import { AETHER_LABELS } from '../../contract/aether-labels.js';
import { createTestDatabase } from './database.js';
import { createTestNetwork, docker, TEST_RUN, testInstance } from './docker.js';
import { type FakeGitHub, startFakeGitHub } from './fake-github.js';
import { type GitServer, startGitServer } from './git-server.js';
import { eventually, get } from './http.js';
import { type OwnStores, startOwnStores } from './own-stores.js';
import { freePort } from './ports.js';
import { testbedEnv, testbedVar } from './testbed.js';
import { startTraefik } from './traefik.js';

// A whole Aether as a user gets it, for browser tests: the dashboard built by Vite, control and
// the builder as real processes configured only through their environment, Traefik in front,
// and a local GitHub (OAuth, API and git over HTTP). The browser reaches the dashboard through
// Traefik at aether.localhost, which Chromium resolves to the loopback by itself.

const root = fileURLToPath(new URL('../..', import.meta.url));
export const ARTIFACTS_DIR = join(root, 'test-artifacts');
export const DASHBOARD_HOST = 'aether.localhost';

export interface Stack {
  /** The dashboard's origin, as a browser opens it. */
  url: string;
  /** Where an app's host answers: Traefik's HTTP entrypoint on the loopback. */
  traefikPort: number;
  github: FakeGitHub;
  /**
   * A public repository on the local git server, holding an app that answers its GREETING
   * variable, or `greeting` when it has none, built by `build` (an npm build script) when given; its clone URL.
   */
  addRepository(name: string, greeting: string, build?: string): string;
  /** A public repository on the local git server holding `dir`'s files in one commit; its clone URL. */
  addDirectory(name: string, dir: string): string;
  /** Pushes a commit to a repository `addRepository` made, after which its app answers `greeting` instead. */
  pushGreeting(name: string, greeting: string, message: string): void;
  /** Kills one of Aether's processes with SIGKILL, as a crash or the OOM killer would, and waits until it is gone. */
  kill(part: PartName): Promise<void>;
  /** Stops one of Aether's processes with SIGSTOP, as a hung machine would: it holds its connections and answers nothing. */
  freeze(part: PartName): void;
  /** Lets a frozen process run again (SIGCONT). */
  thaw(part: PartName): void;
  /** Starts a killed process again, with the environment it had, and waits until it is ready. */
  start(part: PartName): Promise<void>;
  /** The stack's Traefik container. */
  traefikContainer: string;
  /** Where the stack's control names its containers, networks and images: its instance. */
  instance: string;
  /** The directory of Traefik's route files that the stack's control writes. */
  routesDir: string;
  /** The stack's own Redis and Postgres, when it was started with `ownStores`; else the test bed's, which no test may restart. */
  stores: OwnStores | undefined;
  /** The end of every process's log, for a failure's report. */
  logs(): string;
  /** What start-up took, by part, in milliseconds. */
  timings: Record<string, number>;
  stop(): Promise<void>;
}

export type PartName = 'control' | 'builder';

interface Part {
  name: PartName;
  process: ChildProcess;
  logFile: string;
}

/**
 * Builds the dashboard once per test run, which every browser test file of the run shares; the
 * next run builds over it. The run's name inside says which run built it.
 */
function buildDashboard(): string {
  const outDir = join(ARTIFACTS_DIR, 'web');
  const stamp = join(outDir, '.test-run');
  if (existsSync(stamp) && readFileSync(stamp, 'utf8') === TEST_RUN) return outDir;
  execFileSync(join(root, 'node_modules/.bin/vite'), ['build', '--config', 'web/vite.config.ts', '--outDir', outDir, '--emptyOutDir', '--logLevel', 'warn'], {
    cwd: root,
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  writeFileSync(stamp, TEST_RUN);
  return outDir;
}

/**
 * A Redis database of the stack's own: the build queue and the build-event stream have fixed
 * names, and another test's builder or control on the shared database would take its jobs.
 */
function ownRedisUrl(): string {
  const url = new URL(testbedVar('REDIS_URL'));
  url.pathname = `/${1 + randomInt(15)}`;
  return url.href;
}

function spawnPart(name: PartName, entry: string, env: Record<string, string>, logDir: string): Part {
  const logFile = join(logDir, `${name}.log`);
  const fd = openSync(logFile, 'a');
  const child = spawn(process.execPath, ['--import', 'tsx', entry], {
    cwd: root,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? tmpdir(), ...env },
    stdio: ['ignore', fd, fd],
  });
  closeSync(fd);
  return { name, process: child, logFile };
}

/** Waits for `ready`, failing at once with the part's log if the part exits first. */
async function whenReady(part: Part, ready: () => Promise<unknown>, timeoutMs = 60_000): Promise<void> {
  const exited = once(part.process, 'exit').then(([code]) => {
    throw new Error(`${part.name} exited (${String(code)}) during start-up:\n${readFileSync(part.logFile, 'utf8')}`);
  });
  exited.catch(() => undefined);
  await Promise.race([eventually(ready, timeoutMs), exited]);
}

async function stopPart(part: Part): Promise<void> {
  if (part.process.exitCode !== null || part.process.signalCode !== null) return;
  const exited = once(part.process, 'exit');
  // A frozen part (see Stack.freeze) takes its signals only once it runs again.
  part.process.kill('SIGCONT');
  part.process.kill('SIGTERM');
  const killer = setTimeout(() => part.process.kill('SIGKILL'), 5_000);
  await exited;
  clearTimeout(killer);
}

/** What the stack's control made carries its instance's label: its deployments' containers and its project networks. */
const instanceFilter = (instance: string) => JSON.stringify({ label: [`${AETHER_LABELS.instance}=${instance}`] });

async function removeContainersOf(instance: string): Promise<void> {
  for (const c of await docker.listContainers({ all: true, filters: instanceFilter(instance) })) await docker.getContainer(c.Id).remove({ force: true });
}

async function removeNetworksOf(instance: string): Promise<void> {
  for (const n of await docker.listNetworks({ filters: instanceFilter(instance) })) await docker.getNetwork(n.Id).remove();
}

async function timed<T>(timings: Record<string, number>, name: string, step: () => Promise<T> | T): Promise<T> {
  const started = performance.now();
  const result = await step();
  timings[name] = Math.round(performance.now() - started);
  return result;
}

interface Wiring {
  port: number;
  url: string;
  databaseUrl: string;
  redisUrl: string;
  webDir: string;
  stateDir: string;
  instance: string;
  secretKey: string;
  gateway: string;
  traefik: Awaited<ReturnType<typeof startTraefik>>;
  github: FakeGitHub;
}

/** Control's environment, as an install's .env would give it, pointed at the stack's parts. */
function controlEnvironment(w: Wiring): Record<string, string> {
  return {
    PORT: String(w.port),
    DATABASE_URL: w.databaseUrl,
    REDIS_URL: w.redisUrl,
    AETHER_SECRET_KEY: w.secretKey,
    AETHER_BUILD_KEY_FILE: join(w.stateDir, 'build-key'),
    AETHER_WEB_DIR: w.webDir,
    AETHER_ALLOW_LOCAL_SOURCES: 'true',
    AETHER_INSTANCE: w.instance,
    AETHER_DOMAIN: DASHBOARD_HOST,
    // Traefik's port is the test's own, so the origin the browser sees names it.
    AETHER_PUBLIC_URL: w.url,
    // Traefik, in a container, reaches control on the host through its network's gateway.
    AETHER_CONTROL_URL: `http://${w.gateway}:${w.port}`,
    AETHER_APPS_DOMAIN: 'localhost',
    AETHER_TRAEFIK_URL: w.traefik.url.href,
    AETHER_ROUTES_DIR: w.traefik.routesDir,
    AETHER_TRAEFIK_CONTAINER: w.traefik.container,
    AETHER_DRAIN_SECONDS: '0.5',
    AETHER_GITHUB_URL: w.github.url,
    AETHER_GITHUB_API_URL: w.github.apiUrl,
    AETHER_GITHUB_CLIENT_ID: w.github.clientId,
    AETHER_GITHUB_CLIENT_SECRET: w.github.clientSecret,
  };
}

/** The builder's environment: the key file control writes, and the test bed's base images. */
function builderEnvironment(w: Wiring): Record<string, string> {
  const baseImages = Object.fromEntries(Object.entries(testbedEnv).filter(([key]) => key.startsWith('AETHER_IMAGE_')));
  return {
    REDIS_URL: w.redisUrl,
    AETHER_BUILD_KEY_FILE: join(w.stateDir, 'build-key'),
    AETHER_ALLOW_LOCAL_SOURCES: 'true',
    AETHER_BUILD_CONCURRENCY: '1',
    AETHER_BUILD_DIR: w.stateDir,
    ...baseImages,
  };
}

const ENTRIES: Record<PartName, string> = { control: 'control/src/main.ts', builder: 'builder/src/main.ts' };

/**
 * Control is ready when its dashboard answers through Traefik; the builder, when it waits for jobs
 * (counted from `logStart`, where its log stood when it was started).
 */
function partReady(part: Part, traefikPort: number, logStart = 0): Promise<void> {
  if (part.name === 'control') {
    return whenReady(part, async () => {
      const reply = await get(traefikPort, DASHBOARD_HOST, '/healthz');
      if (reply.status !== 200) throw new Error(`the dashboard's host answers ${reply.status}`);
    });
  }
  return whenReady(part, async () => {
    if (!readFileSync(part.logFile, 'utf8').slice(logStart).includes('waiting for builds')) throw new Error('the builder is not waiting for builds yet');
  });
}

export interface StackOptions {
  /** Redis and Postgres in containers of the stack's own, which its test may restart. */
  ownStores?: boolean;
}

/** `environment`: settings of a part's own on top of the stack's, as an install's .env would add them. */
export async function startStack(name: string, environment: Partial<Record<PartName, Record<string, string>>> = {}, options: StackOptions = {}): Promise<Stack> {
  const timings: Record<string, number> = {};
  const started = performance.now();
  const run = randomBytes(3).toString('hex');
  const logDir = join(ARTIFACTS_DIR, 'runs', TEST_RUN, `${name}-${run}`);
  mkdirSync(logDir, { recursive: true });
  const instance = testInstance(name);
  const stateDir = mkdtempSync(join(tmpdir(), 'aether-stack-'));
  const gitRoot = mkdtempSync(join(tmpdir(), 'aether-git-'));
  const parts: Part[] = [];
  const removeDir = (dir: string) => async () => rmSync(dir, { recursive: true, force: true });
  const cleanups: Array<() => Promise<unknown>> = [removeDir(stateDir), removeDir(gitRoot)];

  const stop = async () => {
    for (const part of parts.reverse()) await stopPart(part);
    await removeContainersOf(instance);
    for (const cleanup of cleanups.reverse()) await cleanup().catch((error: unknown) => console.error('stack clean-up:', error));
    // Traefik is gone now, and with it the last endpoint on the project networks.
    await removeNetworksOf(instance);
  };

  try {
    const webDir = await timed(timings, 'dashboard build', buildDashboard);
    const stores = options.ownStores === true ? await timed(timings, 'own Redis and Postgres', startOwnStores) : undefined;
    if (stores !== undefined) cleanups.push(() => stores.remove());
    const redisUrl = stores?.redisUrl ?? ownRedisUrl();
    const [db, network, github, git] = await timed(timings, 'database, network, GitHub', () =>
      Promise.all([stores === undefined ? createTestDatabase() : ownDatabase(stores), createTestNetwork(`aether-test-${name}-${run}`), startFakeGitHub(), startGitServer(gitRoot, null)]),
    );
    cleanups.push(() => db.drop(), () => docker.getNetwork(network).remove(), () => github.close(), () => git.close());
    const traefik = await timed(timings, 'traefik', () => startTraefik(network));
    cleanups.push(
      () => docker.getContainer(traefik.container).remove({ force: true }),
      // Kept beside control's and the builder's, for a failure's report.
      async () => writeFileSync(join(logDir, 'traefik.log'), await docker.getContainer(traefik.container).logs({ stdout: true, stderr: true })),
      removeDir(traefik.routesDir),
      () => flushRedis(redisUrl),
    );

    const gateway = (await docker.getNetwork(network).inspect()).IPAM?.Config?.[0]?.Gateway as string;
    const url = `http://${DASHBOARD_HOST}:${traefik.port}`;
    const secretKey = randomBytes(32).toString('base64');
    const wiring = { port: await freePort(), url, databaseUrl: db.url, redisUrl, webDir, stateDir, instance, secretKey, gateway, traefik, github };
    const environments: Record<PartName, Record<string, string>> = {
      control: { ...controlEnvironment(wiring), ...environment.control },
      builder: { ...builderEnvironment(wiring), ...environment.builder },
    };
    const spawned = (name: PartName) => spawnPart(name, ENTRIES[name], environments[name], logDir);
    parts.push(spawned('control'), spawned('builder'));
    await timed(timings, 'control and builder', () => Promise.all(parts.map((part) => partReady(part, traefik.port))));
    const partNamed = (name: PartName) => parts.find((part) => part.name === name)!;
    timings.total = Math.round(performance.now() - started);
    writeFileSync(join(logDir, 'env.json'), JSON.stringify({ control: redact(controlEnvironment(wiring)), builder: builderEnvironment(wiring), timings }, null, 2));

    return {
      url,
      traefikPort: traefik.port,
      github,
      addRepository: (repository, greeting, build) => addRepository(gitRoot, repository, greeting, git, build),
      addDirectory: (repository, dir) => addDirectory(gitRoot, repository, dir, git),
      pushGreeting: (repository, greeting, message) => pushGreeting(gitRoot, repository, greeting, message),
      async kill(name) {
        const part = partNamed(name);
        const exited = once(part.process, 'exit');
        part.process.kill('SIGKILL');
        await exited;
      },
      freeze: (name) => partNamed(name).process.kill('SIGSTOP'),
      thaw: (name) => partNamed(name).process.kill('SIGCONT'),
      async start(name) {
        const logStart = readFileSync(partNamed(name).logFile, 'utf8').length;
        const part = spawned(name);
        parts.splice(parts.indexOf(partNamed(name)), 1, part);
        await partReady(part, traefik.port, logStart);
      },
      traefikContainer: traefik.container,
      instance,
      routesDir: traefik.routesDir,
      stores,
      logs: () => parts.map((part) => `--- ${part.name} (${part.logFile})\n${tail(readFileSync(part.logFile, 'utf8'))}`).join('\n'),
      timings,
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}

const appSource = (greeting: string) =>
  `require('node:http').createServer((req, res) => res.end(process.env.GREETING ?? ${JSON.stringify(greeting)})).listen(process.env.PORT ?? 3000);\n`;

const gitIn = (work: string) => (...args: string[]) => execFileSync('git', ['-C', work, '-c', 'user.name=t', '-c', 'user.email=t@example.com', ...args]);

function addRepository(gitRoot: string, name: string, greeting: string, server: GitServer, build?: string): string {
  const work = mkdtempSync(join(tmpdir(), 'aether-repo-'));
  writeFileSync(join(work, 'server.js'), appSource(greeting));
  const scripts = { start: 'node server.js', ...(build !== undefined && { build }) };
  writeFileSync(join(work, 'package.json'), JSON.stringify({ name, version: '1.0.0', scripts }, null, 2));
  return publish(gitRoot, name, work, server);
}

function addDirectory(gitRoot: string, name: string, dir: string, server: GitServer): string {
  const work = mkdtempSync(join(tmpdir(), 'aether-repo-'));
  cpSync(dir, work, { recursive: true });
  return publish(gitRoot, name, work, server);
}

/** `work`'s files as the first commit of a bare repository on the git server, `work` removed; its clone URL. */
function publish(gitRoot: string, name: string, work: string, server: GitServer): string {
  const git = gitIn(work);
  git('init', '--quiet', '--initial-branch', 'main');
  git('add', '.');
  git('commit', '--quiet', '-m', 'First version');
  execFileSync('git', ['clone', '--quiet', '--bare', work, join(gitRoot, `${name}.git`)]);
  rmSync(work, { recursive: true, force: true });
  return server.url(`${name}.git`);
}

function pushGreeting(gitRoot: string, name: string, greeting: string, message: string): void {
  const work = mkdtempSync(join(tmpdir(), 'aether-repo-'));
  execFileSync('git', ['clone', '--quiet', join(gitRoot, `${name}.git`), work]);
  writeFileSync(join(work, 'server.js'), appSource(greeting));
  const git = gitIn(work);
  git('commit', '--quiet', '-am', message);
  git('push', '--quiet', 'origin', 'main');
  rmSync(work, { recursive: true, force: true });
}

/** The stack's own Postgres holds one database, control's, which goes with its container. */
function ownDatabase(stores: OwnStores): { url: string; drop(): Promise<void> } {
  return { url: stores.databaseUrl, drop: async () => undefined };
}

async function flushRedis(url: string): Promise<void> {
  const redis = new Redis(url);
  await redis.flushdb();
  redis.disconnect();
}

const tail = (text: string, lines = 60) => text.split('\n').slice(-lines).join('\n');

const redact = (env: Record<string, string>) =>
  Object.fromEntries(Object.entries(env).map(([key, value]) => [key, /SECRET/.test(key) ? '<redacted>' : value]));
