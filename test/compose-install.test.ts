import { execFile, execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTestCa } from './support/certificates.js';
import { docker, TEST_LABEL, TEST_RUN, testInstance } from './support/docker.js';
import { type GitServer, startGitServer } from './support/git-server.js';
import { eventually, get } from './support/http.js';
import { freePort } from './support/ports.js';
import { testbedEnv, testbedVar } from './support/testbed.js';

const run = promisify(execFile);
const repositoryRoot = fileURLToPath(new URL('..', import.meta.url));
const project = 'aether-test-install';
const account = { email: 'admin@example.com', password: 'a long enough password' };
const greeting = 'hello from a sealed variable';

/**
 * A fresh clone of this checkout, as its files are now: tracked files only, so no .env, no
 * node_modules, nothing a developer keeps beside them.
 */
function freshClone(): string {
  const dir = mkdtempSync(join(tmpdir(), 'aether-clone-'));
  const files = execFileSync('git', ['-C', repositoryRoot, 'ls-files', '-z', '--cached', '--others', '--exclude-standard'], { encoding: 'utf8' });
  for (const file of files.split('\0').filter((f) => f !== '' && !f.startsWith('node_modules'))) {
    mkdirSync(join(dir, dirname(file)), { recursive: true });
    cpSync(join(repositoryRoot, file), join(dir, file), { verbatimSymlinks: true });
  }
  return dir;
}

/** A repository that answers with its GREETING variable, bare in `root`. */
function addRepository(root: string, name: string): void {
  const work = mkdtempSync(join(tmpdir(), 'aether-repo-'));
  writeFileSync(join(work, 'server.js'), "require('node:http').createServer((req, res) => res.end(process.env.GREETING)).listen(process.env.PORT ?? 3000);\n");
  writeFileSync(join(work, 'package.json'), JSON.stringify({ name, version: '1.0.0', scripts: { start: 'node server.js' } }));
  const git = (...args: string[]) => execFileSync('git', ['-C', work, '-c', 'user.name=t', '-c', 'user.email=t@example.com', ...args]);
  git('init', '--quiet', '--initial-branch', 'main');
  git('add', '.');
  git('commit', '--quiet', '-m', 'First version');
  execFileSync('git', ['clone', '--quiet', '--bare', work, join(root, `${name}.git`)]);
  rmSync(work, { recursive: true, force: true });
}

interface Reply {
  status: number;
  json: any;
  cookie: string | undefined;
}

// What a user does: clone, `docker compose up -d`, open http://localhost. No .env: only the
// ports (the test's own, off 80 and 443), the test bed's images (nothing can be pulled) and its
// own CA come from the environment, and an instance name its clean-up finds.
describe('docker compose up -d in a fresh clone, with no .env', () => {
  let port: number;
  let clone: string;
  let env: Record<string, string>;
  let gitServer: GitServer;
  let repository: string;
  let session: string;
  let projectId: string;
  const ca = makeTestCa();
  const slug = 'greeter';

  function compose(args: string[], options: { project?: string } = {}) {
    return run('docker', ['compose', ...args], { cwd: clone, env: { ...env, COMPOSE_PROJECT_NAME: options.project ?? project }, maxBuffer: 64 << 20 });
  }

  /** Through Traefik's published port alone, as a browser at http://localhost:<port> asks. */
  function api(method: string, path: string, body?: unknown): Promise<Reply> {
    return new Promise((resolve, reject) => {
      const headers: Record<string, string> = { host: 'localhost', origin: `http://localhost:${port}` };
      if (session !== undefined) headers.cookie = session;
      if (body !== undefined) headers['content-type'] = 'application/json';
      const req = request({ host: '127.0.0.1', port, method, path: `/api${path}`, headers, timeout: 10_000 }, (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (text += chunk));
        res.on('end', () => {
          // Traefik's own "Bad Gateway" while control restarts is no JSON: a failed attempt.
          try {
            resolve({ status: res.statusCode ?? 0, json: text === '' ? null : JSON.parse(text), cookie: res.headers['set-cookie']?.[0]?.split(';')[0] });
          } catch (error) {
            reject(new Error(`${res.statusCode} from ${path}: ${text.slice(0, 200)}`, { cause: error }));
          }
        });
      });
      req.on('timeout', () => req.destroy(new Error(`no answer from ${path}`)));
      req.on('error', reject);
      req.end(body === undefined ? undefined : JSON.stringify(body));
    });
  }

  async function signIn(): Promise<void> {
    const reply = await api('POST', '/auth/login', account);
    expect(reply.status, JSON.stringify(reply.json)).toBe(200);
    session = reply.cookie!;
  }

  async function deploy(): Promise<void> {
    const queued = await api('POST', `/projects/${projectId}/deployments`);
    expect(queued.status, JSON.stringify(queued.json)).toBe(202);
    const finished = await eventually(async () => {
      const { json } = await api('GET', `/projects/${projectId}/deployments/${queued.json.id}`);
      expect(['queued', 'building', 'deploying']).not.toContain(json.status);
      return json;
    }, 300_000);
    expect(finished.status, JSON.stringify(finished)).toBe('ready');
  }

  const app = () => get(port, `${slug}.localhost`);

  async function serviceContainer(service: string) {
    const [summary] = await docker.listContainers({
      all: true,
      filters: JSON.stringify({ label: [`com.docker.compose.project=${project}`, `com.docker.compose.service=${service}`] }),
    });
    return summary!;
  }

  /** A generated secret's file, its mode and owner, read from its volume by a container of its own. */
  async function secretFile(composeProject: string, volume: string, file: string) {
    const { stdout } = await run('docker', [
      'run', '--rm', '--network', 'none', '--label', `${TEST_LABEL}=${TEST_RUN}`, '-v', `${composeProject}_${volume}:/s:ro`,
      testbedVar('AETHER_IMAGE_NODE'), 'sh', '-c', `stat -c '%a %u' /s/${file} && cat /s/${file}`,
    ]);
    const [mode, ...text] = stdout.split('\n');
    return { mode, text: text.join('\n') };
  }

  beforeAll(async () => {
    port = await freePort();
    clone = freshClone();
    const images = Object.fromEntries(Object.entries(testbedEnv).filter(([name]) => name.startsWith('AETHER_IMAGE_')));
    env = {
      PATH: process.env.PATH!,
      HOME: process.env.HOME!,
      ...images,
      AETHER_HTTP_PORT: String(port),
      AETHER_HTTPS_PORT: String(await freePort()),
      AETHER_EXTRA_CA_CERTIFICATES: ca.caFile,
      AETHER_INSTANCE: testInstance('install'),
    };
    const started = Date.now();
    await compose(['up', '-d', '--build', '--wait']);
    console.log(`compose up (with the image build): ${((Date.now() - started) / 1000).toFixed(1)} s`);
    // An address of the host's that the builder reaches as it would reach GitHub, over HTTPS:
    // the engine's default bridge, which outlives the stack's own networks.
    const network = await docker.getNetwork('bridge').inspect();
    const gateway = (network.IPAM!.Config as Array<{ Gateway: string }>)[0]!.Gateway;
    const gitRoot = mkdtempSync(join(tmpdir(), 'aether-git-'));
    addRepository(gitRoot, slug);
    gitServer = await startGitServer(gitRoot, null, { host: gateway, ...ca.serverCertificate(gateway) });
    repository = gitServer.url(`${slug}.git`);
  }, 900_000);

  afterAll(async () => {
    await gitServer?.close();
    await compose(['down', '--volumes']);
  }, 120_000);

  it('serves the first-run page on http://localhost through Traefik, with every dependency healthy', async () => {
    const health = await eventually(async () => {
      const reply = await get(port, 'localhost', '/healthz');
      expect(reply.status).toBe(200);
      return JSON.parse(reply.body) as unknown;
    });
    expect(health).toEqual({
      healthy: true,
      components: { postgres: { status: 'ok' }, redis: { status: 'ok' }, docker: { status: 'ok' } },
    });
    expect((await get(port, 'localhost', '/')).body).toContain('<title>Aether</title>');
    expect((await api('GET', '/auth/status')).json).toMatchObject({ signUp: 'first-run' });
  });

  it('generates the sealing key and database password once, root’s alone, and another install gets others', async () => {
    const key = await secretFile(project, 'sealing-key', 'secret-key');
    const password = await secretFile(project, 'database-password', 'password');
    expect(Buffer.from(key.text, 'base64')).toHaveLength(32);
    expect(password.text).toMatch(/^[0-9a-f]{64}$/);
    expect([key.mode, password.mode]).toEqual(['400 0', '400 0']);

    // Up again: the files stay as they were.
    await compose(['up', '-d', '--wait']);
    // Compared as booleans, so that a failure prints no key.
    expect((await secretFile(project, 'sealing-key', 'secret-key')).text === key.text, 'the key kept').toBe(true);

    const other = `${project}-other`;
    try {
      await compose(['run', '--rm', 'secrets'], { project: other });
      expect((await secretFile(other, 'sealing-key', 'secret-key')).text === key.text, 'the same key').toBe(false);
      expect((await secretFile(other, 'database-password', 'password')).text === password.text, 'the same password').toBe(false);
    } finally {
      await compose(['down', '--volumes'], { project: other });
    }

    // Never printed, never in a container's environment.
    const { stdout, stderr } = await compose(['logs', '--no-color']);
    for (const secret of [key.text, password.text]) {
      expect(stdout + stderr).not.toContain(secret);
      for (const service of ['control', 'builder', 'postgres', 'secrets']) {
        const { Config } = await docker.getContainer((await serviceContainer(service)).Id).inspect();
        expect(Config.Env.join('\n'), service).not.toContain(secret);
      }
    }
  }, 180_000);

  it('runs the builder beside control, waiting for builds, with neither the database password nor the sealing key', async () => {
    const container = docker.getContainer((await serviceContainer('builder')).Id);
    await eventually(async () => {
      const logs = await container.logs({ stdout: true, stderr: true });
      expect(logs.toString('utf8')).toContain('waiting for builds');
      expect(logs.toString('utf8')).toContain('build limits applied');
    });
    const { Config, Mounts } = await container.inspect();
    expect(Config.Env.some((v) => v.startsWith('REDIS_URL='))).toBe(true);
    expect(Config.Env.some((v) => /^(DATABASE_|AETHER_SECRET_KEY)/.test(v))).toBe(false);
    expect(Mounts.map((m) => m.Name ?? m.Source).filter((name) => /sealing-key|database-password/.test(name))).toEqual([]);
  });

  it('keeps apps off control and its stores: aether-apps reaches Traefik only', async () => {
    const address = async (service: string, network: string) => (await serviceContainer(service)).NetworkSettings.Networks[network]!.IPAddress;
    const canConnect = async (ip: string, targetPort: number) => {
      const probe = `require('node:net').connect(${targetPort}, '${ip}').on('connect', () => process.exit(0)).on('error', () => process.exit(1)); setTimeout(() => process.exit(2), 2000)`;
      const container = await docker.createContainer({
        Image: testbedVar('AETHER_IMAGE_NODE'),
        Cmd: ['node', '-e', probe],
        Labels: { [TEST_LABEL]: TEST_RUN },
        HostConfig: { NetworkMode: 'aether-apps' },
      });
      await container.start();
      const { StatusCode } = (await container.wait()) as { StatusCode: number };
      await container.remove();
      return StatusCode === 0;
    };

    expect(await canConnect(await address('traefik', 'aether-apps'), 80)).toBe(true);
    expect(await canConnect(await address('control', 'aether-edge'), 3000)).toBe(false);
    expect(await canConnect(await address('postgres', `${project}_internal`), 5432)).toBe(false);
    expect(await canConnect(await address('redis', `${project}_internal`), 6379)).toBe(false);
  });

  it('through the published port alone: the first account, a project cloned over HTTPS from a server the stack was told to trust, its app on http://<project>.localhost', async () => {
    const signedUp = await api('POST', '/auth/signup', account);
    expect(signedUp.status, JSON.stringify(signedUp.json)).toBe(200);
    expect(signedUp.json).toMatchObject({ isAdmin: true });
    session = signedUp.cookie!;
    expect((await api('GET', '/auth/status')).json).toMatchObject({ signUp: 'invite-only' });

    const created = await api('POST', '/projects', { slug, repository });
    expect(created.status, JSON.stringify(created.json)).toBe(201);
    projectId = created.json.id;
    expect(created.json.url).toBe(`http://${slug}.localhost:${port}`);
    expect((await api('PUT', `/projects/${projectId}/env`, { key: 'GREETING', value: greeting, scope: 'production', secret: true })).status).toBe(204);

    await deploy();
    expect((await app()).body).toBe(greeting);
  }, 420_000);

  it('keeps the account, the project and its running app across docker compose restart', async () => {
    await compose(['restart']);
    await eventually(signIn, 60_000);
    expect((await api('GET', '/projects')).json.map((p: { slug: string }) => p.slug)).toEqual([slug]);
    await eventually(async () => expect((await app()).body).toBe(greeting), 60_000);
  }, 180_000);

  it('backs up, and restores onto an install whose volumes are gone: the same account, project and sealed variable', async () => {
    const backup = join(mkdtempSync(join(tmpdir(), 'aether-backup-')), 'aether-backup.tar');
    const made = await run('sh', ['-c', 'scripts/backup.sh > "$BACKUP"'], { cwd: clone, env: { ...env, COMPOSE_PROJECT_NAME: project, BACKUP: backup } });
    const key = (await secretFile(project, 'sealing-key', 'secret-key')).text;
    expect(made.stderr).not.toContain(key);
    expect(execFileSync('tar', ['-tf', backup], { encoding: 'utf8' }).split('\n').filter(Boolean).sort()).toEqual(['database.sql', 'format', 'secret-key']);

    await compose(['down', '--volumes']);
    await compose(['up', '-d', '--wait']);
    session = undefined!;
    await eventually(async () => expect((await api('GET', '/auth/status')).json).toMatchObject({ signUp: 'first-run' }), 60_000);
    expect((await secretFile(project, 'sealing-key', 'secret-key')).text === key, 'the old key').toBe(false);

    const restored = await run('scripts/restore.sh', [backup], { cwd: clone, env: { ...env, COMPOSE_PROJECT_NAME: project } });
    expect(restored.stdout + restored.stderr).not.toContain(key);
    expect((await secretFile(project, 'sealing-key', 'secret-key')).text === key, 'the restored key').toBe(true);

    await eventually(signIn, 60_000);
    expect((await api('GET', '/projects')).json.map((p: { slug: string }) => p.slug)).toEqual([slug]);
    expect((await api('GET', `/projects/${projectId}/env`)).json).toMatchObject([{ key: 'GREETING', scope: 'production', secret: true }]);
    // A new deployment opens the sealed variable with the restored key.
    await deploy();
    await eventually(async () => expect((await app()).body).toBe(greeting), 60_000);
    rmSync(dirname(backup), { recursive: true, force: true });
  }, 600_000);
});
