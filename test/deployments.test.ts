import { randomBytes, randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deploymentVariables, deployments, envVars, projects } from '../control/src/db/schema.js';
import { AETHER_LABELS } from '../contract/aether-labels.js';
import { containerName } from '../control/src/deployments/container-spec.js';
import { containerRuntimeState } from '../control/src/deployments/runtime-state.js';
import { reconcile } from '../control/src/deployments/reconcile.js';
import { deleteProject } from '../control/src/deployments/delete-project.js';
import { projectNetworkName } from '../control/src/deployments/network-spec.js';
import { ensureProjectNetwork } from '../control/src/deployments/project-network.js';
import { rollBack } from '../control/src/deployments/rollback.js';
import type { Platform } from '../control/src/deployments/platform.js';
import { rollout } from '../control/src/deployments/rollout.js';
import { addDomain, challengeName, DomainRefused, removeDomain, verifyDomain } from '../control/src/projects/domains.js';
import { setEnvVar } from '../control/src/projects/env-vars.js';
import { deploymentHost } from '../control/src/routing/deployment-hosts.js';
import { parseHostname } from '../control/src/routing/hostname.js';
import { startFakeDns } from './support/dns.js';
import { buildLocal, commitAll } from './support/build.js';
import { createTestDatabase, insertProject, type TestDatabase } from './support/database.js';
import { docker, TEST_LABEL, TEST_RUN } from './support/docker.js';
import { eventually, get } from './support/http.js';
import { startLoad } from './support/load.js';
import { startTestPlatform } from './support/platform.js';
import { testbedVar } from './support/testbed.js';

// Built images become live deployments on the real engine behind the real Traefik: each on its
// own host, the project's host moving from one to the next without a failed request.

const run = randomBytes(3).toString('hex');
let test: TestDatabase;
let platform: Platform;
let traefikPort: number;
let traefikContainer: string;
let project: typeof projects.$inferSelect;

/**
 * An app that answers `body` (or the JavaScript expression `answer`) after starting slowly, as
 * real servers do; `exitAtStart` makes one that never comes up, `crashAfterMs` one that exits
 * with code 4 that long after each start.
 */
async function image(body: string, options: { exitAtStart?: boolean; answer?: string; crashAfterMs?: number } = {}): Promise<string> {
  const repo = mkdtempSync(join(tmpdir(), 'aether-deploy-'));
  const server = options.exitAtStart
    ? `console.error('cannot start: DATABASE_URL is not set'); process.exit(3);`
    : `setTimeout(() => require('node:http').createServer((req, res) => res.end(${options.answer ?? JSON.stringify(body)})).listen(process.env.PORT), 1500);` +
      (options.crashAfterMs === undefined ? '' : `setTimeout(() => process.exit(4), ${options.crashAfterMs});`);
  writeFileSync(join(repo, 'server.js'), server);
  writeFileSync(join(repo, 'Dockerfile'), `FROM ${testbedVar('AETHER_IMAGE_NODE')}\nCOPY server.js /app/\nEXPOSE 3000\nCMD ["node", "/app/server.js"]\n`);
  commitAll(repo, body);
  return (await buildLocal(repo, `aether-test/deploy-${run}:${randomBytes(3).toString('hex')}`)).imageId;
}

/** What the builder and control's build-event consumer leave behind: a deployment in `deploying` with its image. */
async function built(imageId: string) {
  const [row] = await test.db
    .insert(deployments)
    .values({ projectId: project.id, trigger: 'manual', imageTag: imageId, imageId, port: 3000, status: 'deploying' })
    .returning();
  return row!;
}

async function deploy(imageId: string) {
  const deployment = await built(imageId);
  await rollout(platform, deployment.id);
  return (await test.db.query.deployments.findFirst({ where: eq(deployments.id, deployment.id) }))!;
}

const production = () => `${project.slug}.localhost`;
const ownHost = (deploymentId: string) => deploymentHost(deploymentId, project.slug, 'localhost');
const dashboardHost = parseHostname('aether.localhost');
const body = async (host: string) => (await get(traefikPort, host)).body;

beforeAll(async () => {
  test = await createTestDatabase();
  const started = await startTestPlatform(test.db, 'apps');
  platform = started.platform;
  traefikPort = started.traefik.port;
  traefikContainer = started.traefik.container;
  project = await insertProject(test.db, { slug: `deploy-${run}`, repository: '/nowhere' });
}, 180_000);

afterAll(async () => {
  const filters = JSON.stringify({ label: [`${AETHER_LABELS.project}=${project.id}`] });
  for (const c of await docker.listContainers({ all: true, filters })) await docker.getContainer(c.Id).remove({ force: true });
  await test.drop();
});

describe('deployments', () => {
  let first: typeof deployments.$inferSelect;

  it('puts a built image live on the project host and on its own', async () => {
    first = await deploy(await image('v1'));

    expect(first.status).toBe('ready');
    expect(await body(production())).toBe('v1');
    expect(await body(ownHost(first.id))).toBe('v1');
    const row = await test.db.query.projects.findFirst({ where: eq(projects.id, project.id) });
    expect(row!.productionDeploymentId).toBe(first.id);
  });

  it('redeploys under steady load without one failed request, and keeps the old one on its own URL', async () => {
    const v2 = await image('v2');
    const load = startLoad({ port: traefikPort, host: production(), rate: 200 });
    await eventually(async () => expect(load.snapshot().ok).toBeGreaterThan(100));
    const second = await deploy(v2);
    await eventually(async () => expect((await body(production()))).toBe('v2'));
    const report = await load.stop();

    expect(second.status).toBe('ready');
    expect(report.failures).toEqual([]);
    expect(report.failed).toBe(0);
    expect(report.bodies.get('v1')).toBeGreaterThan(0);
    expect(report.bodies.get('v2')).toBeGreaterThan(0);
    expect(await body(ownHost(first.id))).toBe('v1');
  });

  it('leaves the serving deployment alone when a new one never comes up, and says why', async () => {
    const broken = await deploy(await image('never', { exitAtStart: true }));

    expect(broken.status).toBe('failed');
    expect(broken.error).toMatch(/exited with code 3/);
    expect(broken.error).toContain('cannot start: DATABASE_URL is not set');
    expect(await body(production())).toBe('v2');
    const filters = JSON.stringify({ label: [`${AETHER_LABELS.deployment}=${broken.id}`] });
    expect(await docker.listContainers({ all: true, filters })).toEqual([]);
    await eventually(async () => expect((await get(traefikPort, ownHost(broken.id))).status).toBe(404));
  });

  it('rolls back to an earlier image, which then serves the project host', async () => {
    const back = await rollBack(platform, first.id);

    expect(back.trigger).toBe('rollback');
    expect(back.status).toBe('ready');
    expect(await body(production())).toBe('v1');
  });

  it('keeps only the newest deployments running, and their hosts answer 404 once stopped', async () => {
    // Live so far: v1, v2, the rollback to v1; two are kept running.
    await eventually(async () => expect((await get(traefikPort, ownHost(first.id))).status).toBe(404));
    const filters = JSON.stringify({ label: [`${AETHER_LABELS.project}=${project.id}`] });
    expect(await docker.listContainers({ filters })).toHaveLength(2);
  });

  it('gives the app its production variables, which the database holds sealed', async () => {
    const greeting = `hello-${randomBytes(6).toString('hex')}`;
    await setEnvVar(test.db, platform.secretKey, project.id, { key: 'GREETING', value: greeting, scope: 'production', secret: true });
    await setEnvVar(test.db, platform.secretKey, project.id, { key: 'BUILD_ONLY', value: 'not-at-runtime', scope: 'build', secret: false });
    const greeter = await deploy(await image('greeter', { answer: 'process.env.GREETING + (process.env.BUILD_ONLY ?? "")' }));

    expect(greeter.status).toBe('ready');
    expect(await body(production())).toBe(greeting);
    const stored = await test.db.select().from(envVars).where(eq(envVars.projectId, project.id));
    expect(stored.map((row) => row.sealedValue).join()).not.toContain(greeting);
  });

  it('rolls back to what a deployment ran with: its image and its variables, not the ones set since', async () => {
    const answering = await image('variables', { answer: 'process.env.A' });
    const setA = (value: string) => setEnvVar(test.db, platform.secretKey, project.id, { key: 'A', value, scope: 'production', secret: true });
    await setA('1');
    const withOne = await deploy(answering);
    expect(await body(production())).toBe('1');
    await setA('2');
    expect((await deploy(answering)).status).toBe('ready');
    expect(await body(production())).toBe('2');

    const back = await rollBack(platform, withOne.id);
    expect(back.status).toBe('ready');
    expect(await body(production())).toBe('1');
    const kept = await test.db.select().from(deploymentVariables).where(eq(deploymentVariables.deploymentId, back.id));
    expect(kept).toHaveLength(1);
    expect(kept[0]!.sealed).not.toContain('"A"');
  });

  it('routes a custom domain to production only once DNS proves its ownership, and no longer once removed', async () => {
    const dns = await startFakeDns();
    const hostname = `www.shop-${run}.test`;
    const domain = await addDomain(platform, project.id, hostname, dashboardHost);
    await expect(addDomain(platform, project.id, hostname.toUpperCase(), dashboardHost)).rejects.toThrow(DomainRefused);
    await expect(addDomain(platform, project.id, `shop.${platform.appsDomain}`, dashboardHost)).rejects.toThrow(/names Aether gives out/);

    expect(await verifyDomain(platform, dns.resolver, domain.id)).toBe(false);
    dns.txt.set(challengeName(hostname), 'someone-elses-token');
    expect(await verifyDomain(platform, dns.resolver, domain.id)).toBe(false);
    expect((await get(traefikPort, hostname)).status).toBe(404);

    dns.txt.set(challengeName(hostname), domain.verificationToken);
    expect(await verifyDomain(platform, dns.resolver, domain.id)).toBe(true);
    const serving = await body(production());
    await eventually(async () => expect(await body(hostname)).toBe(serving));

    await removeDomain(platform, domain.id);
    await eventually(async () => expect((await get(traefikPort, hostname)).status).toBe(404));
    dns.close();
  });

  it('shows an app that crashes after going live as restarting, with its exit code and restart count', async () => {
    // Docker backs off longer after each crash, so a restart it is waiting for shows within seconds.
    const crashing = await deploy(await image('crashes', { crashAfterMs: 5_000 }));
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
    const [a, b] = [await image('a'), await image('b')];
    const both = await Promise.all([deploy(a), deploy(b)]);

    expect(both.map((d) => d.status)).toEqual(['ready', 'ready']);
    const last = both[0]!.readyAt! > both[1]!.readyAt! ? 'a' : 'b';
    expect(await body(production())).toBe(last);
  });

  it('leaves a just-built deployment to its rollout, and fails one that no rollout took up', async () => {
    const reconcileNow = () => reconcile(platform, { buildJob: async () => 'pending', pendingBuildEvents: async () => new Set(), lostBuildAfterMs: 60_000 });
    const fresh = await built(await image('fresh'));
    await test.db.update(deployments).set({ buildFinishedAt: new Date() }).where(eq(deployments.id, fresh.id));
    await reconcileNow();
    expect((await test.db.query.deployments.findFirst({ where: eq(deployments.id, fresh.id) }))!.status).toBe('deploying');

    await test.db.update(deployments).set({ buildFinishedAt: new Date(Date.now() - 60_000) }).where(eq(deployments.id, fresh.id));
    await reconcileNow();
    const abandoned = (await test.db.query.deployments.findFirst({ where: eq(deployments.id, fresh.id) }))!;
    expect(abandoned.status).toBe('failed');
    expect(abandoned.error).toMatch(/control stopped during the rollout/);
  });

  it('repairs by reconciling: the serving container comes back, and what belongs to no project goes', async () => {
    const serving = (await test.db.query.projects.findFirst({ where: eq(projects.id, project.id) }))!.productionDeploymentId!;
    const before = await body(production());
    await docker.getContainer(containerName(serving, project.slug)).remove({ force: true });
    const leftOver = (instance: string) =>
      docker.createContainer({
        Image: testbedVar('AETHER_IMAGE_NODE'),
        Labels: { [TEST_LABEL]: TEST_RUN, [AETHER_LABELS.instance]: instance, [AETHER_LABELS.project]: randomUUID() },
      });
    const stray = await leftOver(platform.instance);
    const otherInstall = await leftOver(`${platform.instance}-other`);
    writeFileSync(join(platform.routesDir, 'project-gone.yml'), '{}\n');
    // A project deleted while control stopped half way leaves its network.
    const strayNetwork = await ensureProjectNetwork(platform, randomUUID());

    await reconcile(platform, { buildJob: async () => 'pending', pendingBuildEvents: async () => new Set(), lostBuildAfterMs: 60_000 });

    await eventually(async () => expect(await body(production())).toBe(before));
    await expect(stray.inspect()).rejects.toThrow(/no such container/i);
    await expect(docker.getNetwork(strayNetwork).inspect()).rejects.toThrow(/not found/i);

    // A recreated Traefik container is on no project's network.
    await docker.getNetwork(projectNetworkName(platform.instance, project.id)).disconnect({ Container: traefikContainer });
    await eventually(async () => expect((await get(traefikPort, production())).status).not.toBe(200));
    await reconcile(platform, { buildJob: async () => 'pending', pendingBuildEvents: async () => new Set(), lostBuildAfterMs: 60_000 });
    await eventually(async () => expect(await body(production())).toBe(before));
    expect(existsSync(join(platform.routesDir, 'project-gone.yml'))).toBe(false);
    // Another Aether install on the same engine keeps its containers.
    expect((await otherInstall.inspect()).Id).toBe(otherInstall.id);
  });

  it('deletes a project: its hosts answer 404, and nothing of it is left in Docker or the database', async () => {
    const kept = await test.db.select().from(deployments).where(eq(deployments.projectId, project.id));
    expect(await deleteProject(platform, project.id)).toBe(true);

    await eventually(async () => {
      expect((await get(traefikPort, production())).status).toBe(404);
      for (const d of kept) expect((await get(traefikPort, ownHost(d.id))).status).toBe(404);
    });
    const filters = JSON.stringify({ label: [`${AETHER_LABELS.project}=${project.id}`] });
    expect(await docker.listContainers({ all: true, filters })).toEqual([]);
    expect(await docker.listNetworks({ filters })).toEqual([]);
    expect(await test.db.select().from(deployments).where(eq(deployments.projectId, project.id))).toEqual([]);
  });
});
