import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deploymentVariables, deployments, envVars, projects } from '../control/src/db/schema.js';
import { AETHER_LABELS } from '../contract/aether-labels.js';
import { open } from '../contract/sealed.js';
import { containerName } from '../control/src/deployments/container-spec.js';
import { containerRuntimeState } from '../control/src/deployments/runtime-state.js';
import { deleteProject } from '../control/src/deployments/delete-project.js';
import { rollBack } from '../control/src/deployments/rollback.js';
import type { Platform } from '../control/src/deployments/platform.js';
import { rollout } from '../control/src/deployments/rollout.js';
import { addDomain, challengeName, DomainRefused, removeDomain, verifyDomain } from '../control/src/projects/domains.js';
import { setEnvVar } from '../control/src/projects/env-vars.js';
import { deploymentHost, shortId } from '../control/src/routing/deployment-hosts.js';
import { routesFileName } from '../control/src/routing/production-routes.js';
import { parseHostname } from '../control/src/routing/hostname.js';
import { startFakeDns } from './support/dns.js';
import { buildLocal, commitAll } from './support/build.js';
import { createTestDatabase, insertProject, type TestDatabase } from './support/database.js';
import { docker } from './support/docker.js';
import { eventually, get } from './support/http.js';
import { startLoad } from './support/load.js';
import { startTestPlatform, stopTestPlatform } from './support/platform.js';
import { testbedVar } from './support/testbed.js';

// Built images become live deployments on the real engine behind the real Traefik: each on its
// own host, the project's host moving from one to the next without a failed request.

const run = randomBytes(3).toString('hex');
let test: TestDatabase;
let platform: Platform;
let traefikPort: number;

type Project = typeof projects.$inferSelect;
type Deployment = typeof deployments.$inferSelect;

/** A project of its own for each test, so no test leans on what another left. */
let projectsMade = 0;
const newProject = () => insertProject(test.db, { slug: `deploy-${run}-${(projectsMade += 1)}`, repository: '/nowhere' });

const images = new Map<string, Promise<string>>();
type ImageOptions = { exitAtStart?: boolean; answer?: string; crashAfterMs?: number; startsAfterMs?: number };

/**
 * An app that answers `body` (or the JavaScript expression `answer`) `startsAfterMs` after it
 * starts, naming its container in `X-Container`; `exitAtStart` makes one that never comes up,
 * `crashAfterMs` one that exits with code 4 that long after each start. Built once per file.
 */
function image(body: string, options: ImageOptions = {}): Promise<string> {
  const key = JSON.stringify([body, options]);
  if (!images.has(key)) images.set(key, buildImage(body, options));
  return images.get(key)!;
}

async function buildImage(body: string, options: ImageOptions): Promise<string> {
  const repo = mkdtempSync(join(tmpdir(), 'aether-deploy-'));
  const answer = `res.setHeader('x-container', require('node:os').hostname()); res.end(${options.answer ?? JSON.stringify(body)})`;
  const server = options.exitAtStart
    ? `console.error('cannot start: DATABASE_URL is not set'); process.exit(3);`
    : `setTimeout(() => require('node:http').createServer((req, res) => { ${answer}; }).listen(process.env.PORT), ${options.startsAfterMs ?? 300});` +
      (options.crashAfterMs === undefined ? '' : `setTimeout(() => process.exit(4), ${options.crashAfterMs});`);
  writeFileSync(join(repo, 'server.js'), server);
  writeFileSync(join(repo, 'Dockerfile'), `FROM ${testbedVar('AETHER_IMAGE_NODE')}\nCOPY server.js /app/\nEXPOSE 3000\nCMD ["node", "/app/server.js"]\n`);
  commitAll(repo, body);
  return (await buildLocal(repo, `aether-test/deploy-${run}:${randomBytes(3).toString('hex')}`)).imageId;
}

/** What the builder and control's build-event consumer leave behind: a deployment in `deploying` with its image. */
async function built(project: Project, imageId: string): Promise<Deployment> {
  const [row] = await test.db
    .insert(deployments)
    .values({ projectId: project.id, trigger: 'manual', imageTag: imageId, imageId, port: 3000, status: 'deploying' })
    .returning();
  return row!;
}

async function deploy(project: Project, imageId: string, on: Platform = platform): Promise<Deployment> {
  const deployment = await built(project, imageId);
  await rollout(on, deployment.id);
  return reread(deployment.id);
}

const reread = async (id: string) => (await test.db.query.deployments.findFirst({ where: eq(deployments.id, id) }))!;
const production = (project: Project) => `${project.slug}.localhost`;
const ownHost = (project: Project, deploymentId: string) => deploymentHost(deploymentId, project.slug, 'localhost');
const dashboardHost = parseHostname('aether.localhost');
const body = async (host: string) => (await get(traefikPort, host)).body;
/** The container that answered, as the app itself names it. */
const answeredBy = async (host: string) => (await get(traefikPort, host)).headers['x-container'];
const containerOf = async (project: Project, deployment: Deployment) => (await docker.getContainer(containerName(deployment.id, project.slug)).inspect()).Config.Hostname;
const routeFile = (project: Project) => readFileSync(join(platform.routesDir, routesFileName(project.slug)), 'utf8');

beforeAll(async () => {
  test = await createTestDatabase();
  const started = await startTestPlatform(test.db, 'apps');
  platform = started.platform;
  traefikPort = started.traefik.port;
}, 180_000);

afterAll(async () => {
  await stopTestPlatform(platform);
  await test.drop();
});

describe('deployments', () => {
  it('puts a built image live on the project host and on its own', async () => {
    const project = await newProject();
    const first = await deploy(project, await image('v1'));

    expect(first.status).toBe('ready');
    expect(await body(production(project))).toBe('v1');
    expect(await body(ownHost(project, first.id))).toBe('v1');
    const row = await test.db.query.projects.findFirst({ where: eq(projects.id, project.id) });
    expect(row!.productionDeploymentId).toBe(first.id);
  });

  it('redeploys under steady load without one failed request, and keeps the old one on its own URL', async () => {
    // Apps that take a while to start, as real servers do: the host must not move before it answers.
    const project = await newProject();
    const first = await deploy(project, await image('v1', { startsAfterMs: 1500 }));
    const v2 = await image('v2', { startsAfterMs: 1500 });
    const load = startLoad({ port: traefikPort, host: production(project), rate: 200 });
    await eventually(async () => expect(load.snapshot().ok).toBeGreaterThan(100));
    const second = await deploy(project, v2);
    await eventually(async () => expect(await body(production(project))).toBe('v2'));
    const report = await load.stop();

    expect(second.status).toBe('ready');
    expect(report.failures).toEqual([]);
    expect(report.failed).toBe(0);
    expect(report.bodies.get('v1')).toBeGreaterThan(0);
    expect(report.bodies.get('v2')).toBeGreaterThan(0);
    expect(await body(ownHost(project, first.id))).toBe('v1');
  });

  it('leaves the serving deployment alone when a new one never comes up, and says why', async () => {
    const project = await newProject();
    await deploy(project, await image('v1'));
    const broken = await deploy(project, await image('never', { exitAtStart: true }));

    expect(broken.status).toBe('failed');
    expect(broken.error).toMatch(/exited with code 3/);
    expect(broken.error).toContain('cannot start: DATABASE_URL is not set');
    expect(await body(production(project))).toBe('v1');
    const filters = JSON.stringify({ label: [`${AETHER_LABELS.deployment}=${broken.id}`] });
    expect(await docker.listContainers({ all: true, filters })).toEqual([]);
    await eventually(async () => expect((await get(traefikPort, ownHost(project, broken.id))).status).toBe(404));
  });

  it('rolls back to an earlier image, which then serves the project host', async () => {
    const project = await newProject();
    const first = await deploy(project, await image('v1'));
    await deploy(project, await image('v2'));
    // The first deployment's container answers the same body as its rollback's will: only the
    // container that answers tells them apart.
    const firstContainer = await containerOf(project, first);
    expect(await answeredBy(ownHost(project, first.id))).toBe(firstContainer);
    const back = await rollBack(platform, first.id);

    expect(back.trigger).toBe('rollback');
    expect(back.status).toBe('ready');
    expect(await body(production(project))).toBe('v1');
    const backContainer = await containerOf(project, back);
    expect(backContainer).not.toBe(firstContainer);
    expect(await answeredBy(production(project))).toBe(backContainer);
    expect((await get(traefikPort, production(project))).headers['x-aether-deployment']).toBe(shortId(back.id));
    expect(routeFile(project)).toContain(shortId(back.id));
    expect(routeFile(project)).not.toContain(shortId(first.id));
  });

  it('keeps only the newest deployments running, and their hosts answer 404 once stopped', async () => {
    const project = await newProject();
    const first = await deploy(project, await image('v1'));
    await deploy(project, await image('v2'));
    await deploy(project, await image('v1'));

    await eventually(async () => expect((await get(traefikPort, ownHost(project, first.id))).status).toBe(404));
    const filters = JSON.stringify({ label: [`${AETHER_LABELS.project}=${project.id}`] });
    expect(await docker.listContainers({ filters })).toHaveLength(2);
  });

  it('gives the app its production variables, which the database holds sealed', async () => {
    const project = await newProject();
    const greeting = `hello-${randomBytes(6).toString('hex')}`;
    await setEnvVar(test.db, platform.secretKey, project.id, { key: 'GREETING', value: greeting, scope: 'production', secret: true });
    await setEnvVar(test.db, platform.secretKey, project.id, { key: 'BUILD_ONLY', value: 'not-at-runtime', scope: 'build', secret: false });
    const greeter = await deploy(project, await image('greeter', { answer: 'process.env.GREETING + (process.env.BUILD_ONLY ?? "")' }));

    expect(greeter.status).toBe('ready');
    expect(await body(production(project))).toBe(greeting);
    const [stored] = await test.db.select().from(envVars).where(and(eq(envVars.projectId, project.id), eq(envVars.key, 'GREETING')));
    const [ranWith] = await test.db.select().from(deploymentVariables).where(eq(deploymentVariables.deploymentId, greeter.id));
    const encodings = ['utf8', 'base64', 'base64url', 'hex'] as const;
    for (const sealed of [stored!.sealedValue, ranWith!.sealed]) {
      for (const encoding of encodings) expect(sealed).not.toContain(Buffer.from(greeting).toString(encoding));
      expect(() => open(randomBytes(32), sealed)).toThrow();
    }
    expect(open(platform.secretKey, stored!.sealedValue)).toBe(greeting);
    expect(JSON.parse(open(platform.secretKey, ranWith!.sealed))).toEqual({ GREETING: greeting });
  });

  it('rolls back to what a deployment ran with: its image and its variables, not the ones set since', async () => {
    const project = await newProject();
    const answering = await image('variables', { answer: 'process.env.A' });
    const setA = (value: string) => setEnvVar(test.db, platform.secretKey, project.id, { key: 'A', value, scope: 'production', secret: true });
    await setA('1');
    const withOne = await deploy(project, answering);
    expect(await body(production(project))).toBe('1');
    await setA('2');
    expect((await deploy(project, answering)).status).toBe('ready');
    expect(await body(production(project))).toBe('2');

    const back = await rollBack(platform, withOne.id);
    expect(back.status).toBe('ready');
    expect(await body(production(project))).toBe('1');
    const kept = await test.db.select().from(deploymentVariables).where(eq(deploymentVariables.deploymentId, back.id));
    expect(kept).toHaveLength(1);
    expect(kept[0]!.sealed).not.toContain('"A"');
  });

  it('routes a custom domain to production only once DNS proves its ownership, and no longer once removed', async () => {
    const project = await newProject();
    await deploy(project, await image('v1'));
    const dns = await startFakeDns();
    const hostname = `www.shop-${run}.test`;
    const domain = await addDomain(platform, project.id, hostname, dashboardHost);
    await expect(addDomain(platform, project.id, hostname.toUpperCase(), dashboardHost)).rejects.toThrow(DomainRefused);
    await expect(addDomain(platform, project.id, `shop.${platform.appsDomain}`, dashboardHost)).rejects.toThrow(/names Aether gives out/);

    expect(await verifyDomain(platform, dns.resolver, domain.id)).toBe(false);
    dns.txt.set(challengeName(hostname), 'someone-elses-token');
    expect(await verifyDomain(platform, dns.resolver, domain.id)).toBe(false);
    // A rollout rewrites the project's route file while the claim is unproved; the rollout
    // ends once Traefik serves the production host from that file.
    const redeployed = await deploy(project, await image('v2'));
    expect((await get(traefikPort, hostname)).status).toBe(404);
    expect(routeFile(project)).toContain(shortId(redeployed.id));
    expect(routeFile(project)).not.toContain(hostname);

    dns.txt.set(challengeName(hostname), domain.verificationToken);
    expect(await verifyDomain(platform, dns.resolver, domain.id)).toBe(true);
    expect(routeFile(project)).toContain(hostname);
    await eventually(async () => expect(await body(hostname)).toBe('v2'));

    await removeDomain(platform, domain.id);
    expect(routeFile(project)).not.toContain(hostname);
    await eventually(async () => expect((await get(traefikPort, hostname)).status).toBe(404));
    dns.close();
  });

  it('shows an app that crashes after going live as restarting, with its exit code and restart count', async () => {
    // Docker backs off longer after each crash, so a restart it is waiting for shows within seconds.
    const project = await newProject();
    const crashing = await deploy(project, await image('crashes', { crashAfterMs: 5_000 }));
    expect(crashing.status).toBe('ready');
    const container = docker.getContainer(containerName(crashing.id, project.slug));

    const seen = await eventually(async () => {
      const state = await containerRuntimeState(container);
      expect(state).toMatchObject({ state: 'restarting', exitCode: 4 });
      return state as { restarts: number };
    }, 60_000);
    expect(seen.restarts).toBeGreaterThan(0);
  });

  it('runs two rollouts of one project one after the other, and serves the one that went live last', async () => {
    const project = await newProject();
    const [a, b] = [await image('a'), await image('b')];
    // Each rollout as the platform reports it: when it ended, and how long it took.
    const rollouts: Array<{ from: number; to: number }> = [];
    const watched: Platform = { ...platform, onRolloutFinished: (_outcome, ms) => rollouts.push({ from: Date.now() - ms, to: Date.now() }) };
    const both = await Promise.all([deploy(project, a, watched), deploy(project, b, watched)]);

    expect(rollouts).toHaveLength(2);
    const [earlier, later] = rollouts.sort((x, y) => x.from - y.from);
    expect(later!.from).toBeGreaterThanOrEqual(earlier!.to);
    expect(both.map((d) => d.status)).toEqual(['ready', 'ready']);
    const [wentLiveFirst, wentLiveLast] = [...both].sort((x, y) => x.readyAt!.getTime() - y.readyAt!.getTime());
    // The later one's container was made only after the earlier one was live.
    const created = new Date((await docker.getContainer(containerName(wentLiveLast!.id, project.slug)).inspect()).Created);
    expect(created.getTime()).toBeGreaterThanOrEqual(wentLiveFirst!.readyAt!.getTime());
    expect(await body(production(project))).toBe(wentLiveLast!.id === both[0]!.id ? 'a' : 'b');
  });

  it('deletes a project: its hosts answer 404, and nothing of it is left in Docker or the database', async () => {
    const project = await newProject();
    await deploy(project, await image('v1'));
    const kept = await test.db.select().from(deployments).where(eq(deployments.projectId, project.id));
    expect(await deleteProject(platform, project.id)).toBe(true);

    await eventually(async () => {
      expect((await get(traefikPort, production(project))).status).toBe(404);
      for (const d of kept) expect((await get(traefikPort, ownHost(project, d.id))).status).toBe(404);
    });
    const filters = JSON.stringify({ label: [`${AETHER_LABELS.project}=${project.id}`] });
    expect(await docker.listContainers({ all: true, filters })).toEqual([]);
    expect(await docker.listNetworks({ filters })).toEqual([]);
    expect(await test.db.select().from(deployments).where(eq(deployments.projectId, project.id))).toEqual([]);
  });
});
