import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import type Docker from 'dockerode';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deployments, projects } from '../control/src/db/schema.js';
import { containerName, containerSpec } from '../control/src/deployments/container-spec.js';
import { deleteProject } from '../control/src/deployments/delete-project.js';
import { projectNetworkName } from '../control/src/deployments/network-spec.js';
import { reconcile } from '../control/src/deployments/reconcile.js';
import type { Platform } from '../control/src/deployments/platform.js';
import { rollout } from '../control/src/deployments/rollout.js';
import { applyFirewall, dockersIptables, removeFirewall } from '../control/src/firewall/apply.js';
import { APP_BLOCKED, APP_BRIDGES, chainListing, firewallPlan, resolvConfNameservers } from '../control/src/firewall/rules.js';
import { buildServerImage } from './support/build.js';
import { createTestDatabase, insertProject, type TestDatabase } from './support/database.js';
import { docker } from './support/docker.js';
import { eventually, get } from './support/http.js';
import { startTestPlatform, TEST_APP_LIMITS } from './support/platform.js';

// Two tenants on one install, the second one hostile: its repository's Dockerfile and its
// running app try to reach what is the first one's.

const run = randomBytes(3).toString('hex');
let test: TestDatabase;
let platform: Platform;
let traefikPort: number;
let traefikContainer: string;
let victim: typeof projects.$inferSelect;
let attacker: typeof projects.$inferSelect;

const image = (body: string, extra = '') => buildServerImage(body, `aether-test/tenant-${run}:${randomBytes(3).toString('hex')}`, extra);

async function deploy(project: typeof projects.$inferSelect, imageId: string) {
  const [row] = await test.db.insert(deployments).values({ projectId: project.id, trigger: 'manual', imageTag: imageId, imageId, port: 3000, status: 'deploying' }).returning();
  await rollout(platform, row!.id);
  return (await test.db.query.deployments.findFirst({ where: eq(deployments.id, row!.id) }))!;
}

/** Runs `cmd` in the container; its output, once it has exited. */
async function execIn(container: Docker.Container, cmd: string[]): Promise<string> {
  const exec = await container.exec({ Cmd: cmd, AttachStdout: true, AttachStderr: true, Tty: true });
  const stream = await exec.start({ Tty: true });
  const chunks: Buffer[] = [];
  await new Promise((resolve) => stream.on('data', (chunk: Buffer) => chunks.push(chunk)).on('end', resolve));
  return Buffer.concat(chunks).toString('utf8').trim();
}

/** From inside `from`, whether a TCP connection to address:port is accepted within 3 s. */
function canConnect(from: Docker.Container, address: string, port: number): Promise<string> {
  const probe =
    `const s = require('node:net').connect(${port}, ${JSON.stringify(address)});` +
    `s.setTimeout(3000, () => { console.log('closed'); process.exit(0); });` +
    `s.on('connect', () => { console.log('open'); process.exit(0); });` +
    `s.on('error', () => { console.log('closed'); process.exit(0); });`;
  return execIn(from, ['node', '-e', probe]);
}

const servingContainer = async (project: typeof projects.$inferSelect) => {
  const row = (await test.db.query.projects.findFirst({ where: eq(projects.id, project.id) }))!;
  return docker.getContainer(containerName(row.productionDeploymentId!, project.slug));
};
const body = async (host: string) => (await get(traefikPort, host)).body;
const victimHost = () => `${victim.slug}.localhost`;

beforeAll(async () => {
  test = await createTestDatabase();
  const started = await startTestPlatform(test.db, 'tenants');
  platform = started.platform;
  traefikPort = started.traefik.port;
  traefikContainer = started.traefik.container;
  victim = await insertProject(test.db, { slug: `victim-${run}`, repository: '/nowhere' });
  attacker = await insertProject(test.db, { slug: `attacker-${run}`, repository: '/nowhere' });
  expect((await deploy(victim, await image('victim'))).status).toBe('ready');
  expect((await deploy(attacker, await image('attacker'))).status).toBe('ready');
}, 300_000);

afterAll(async () => {
  for (const project of [victim, attacker]) await deleteProject(platform, project.id);
  await test.drop();
});

describe('a tenant against another tenant', () => {
  it('refuses a deployment whose image routes another tenant’s host to itself, and the victim keeps its traffic', async () => {
    const hijack =
      `LABEL traefik.http.routers.steal.rule="Host(\`${victimHost()}\`)" traefik.http.routers.steal.priority="1000000" ` +
      `traefik.http.routers.steal.entrypoints="web" traefik.http.routers.steal.service="steal" ` +
      `traefik.http.services.steal.loadbalancer.server.port="3000"\n`;
    const hijacker = await image('stolen', hijack);
    expect((await docker.getImage(hijacker).inspect()).Config.Labels).toMatchObject({ 'traefik.http.routers.steal.priority': '1000000' });

    const attack = await deploy(attacker, hijacker);

    expect(attack.status).toBe('failed');
    expect(attack.error).toContain('traefik.http.routers.steal');
    expect(await body(victimHost())).toBe('victim');
    expect(await body(`${attacker.slug}.localhost`)).toBe('attacker');
  });

  it('removes a container made from such an image before the upgrade, and the victim gets its host back', async () => {
    const hijacker = await image('stolen-before', `LABEL traefik.http.routers.old.rule="Host(\`${victimHost()}\`)" traefik.http.routers.old.priority="1000000"\n`);
    // As the version before this one made it, from the image as it was: a deployment that went
    // live and is kept running for its own host.
    const [row] = await test.db
      .insert(deployments)
      .values({ projectId: attacker.id, trigger: 'manual', imageTag: hijacker, imageId: hijacker, port: 3000, status: 'ready', readyAt: new Date() })
      .returning();
    const legacy = await docker.createContainer(
      containerSpec({
        instance: platform.instance,
        deploymentId: row!.id,
        projectId: attacker.id,
        slug: attacker.slug,
        image: hijacker,
        port: 3000,
        env: {},
        appsDomain: platform.appsDomain,
        network: projectNetworkName(platform.instance, attacker.id),
        ...TEST_APP_LIMITS,
      }),
    );
    await legacy.start();
    await eventually(async () => expect(await body(victimHost())).toBe('stolen-before'));

    await reconcile(platform, { buildJob: async () => ({ job: 'pending', runningSince: null }), pendingBuildEvents: async () => new Set(), lostBuildAfterMs: 60_000, buildTimeLimitMs: 900_000 });

    await expect(legacy.inspect()).rejects.toThrow(/no such container/i);
    await eventually(async () => expect(await body(victimHost())).toBe('victim'));
  });

  it('cannot dial another tenant’s container past Traefik', async () => {
    const [a, b] = [await servingContainer(victim), await servingContainer(attacker)];
    const [victimNetwork] = Object.values((await a.inspect()).NetworkSettings.Networks);
    const [ownNetwork] = Object.keys((await b.inspect()).NetworkSettings.Networks);
    const victimAddress = victimNetwork!.IPAddress;
    const traefikAddress = (await docker.getContainer(traefikContainer).inspect()).NetworkSettings.Networks[ownNetwork!]!.IPAddress;

    expect(await canConnect(b, victimAddress, 3000)).toBe('closed');
    // Its network works: Traefik, on the attacker's network too, answers there.
    expect(await canConnect(b, traefikAddress, 80)).toBe('open');
  });

  it('moves an app started before project networks off the network every tenant shared, hardened, and keeps serving it', async () => {
    const legacyProject = await insertProject(test.db, { slug: `legacy-${run}`, repository: '/srv/legacy' });
    const app = await image('legacy');
    const [row] = await test.db
      .insert(deployments)
      .values({ projectId: legacyProject.id, trigger: 'manual', imageTag: app, imageId: app, port: 3000, status: 'ready', readyAt: new Date() })
      .returning();
    await test.db.update(projects).set({ productionDeploymentId: row!.id }).where(eq(projects.id, legacyProject.id));
    // As the version before project networks made it: on the network Traefik shared with every
    // app (here Traefik's own), with Docker's default capabilities and no process limit.
    const [shared] = Object.keys((await docker.getContainer(traefikContainer).inspect()).NetworkSettings.Networks);
    const spec = containerSpec({ instance: platform.instance, deploymentId: row!.id, projectId: legacyProject.id, slug: legacyProject.slug, image: app, port: 3000, env: {}, appsDomain: platform.appsDomain, network: shared!, ...TEST_APP_LIMITS });
    const { CapDrop, CapAdd, PidsLimit, ...oldHostConfig } = spec.HostConfig!;
    await (await docker.createContainer({ ...spec, HostConfig: oldHostConfig })).start();

    await reconcile(platform, { buildJob: async () => ({ job: 'pending', runningSince: null }), pendingBuildEvents: async () => new Set(), lostBuildAfterMs: 60_000, buildTimeLimitMs: 900_000 });

    const moved = await docker.getContainer(containerName(row!.id, legacyProject.slug)).inspect();
    expect(Object.keys(moved.NetworkSettings.Networks)).toEqual([projectNetworkName(platform.instance, legacyProject.id)]);
    expect(moved.HostConfig.CapDrop).toEqual(['ALL']);
    await eventually(async () => expect(await body(`${legacyProject.slug}.localhost`)).toBe('legacy'));
  });

  it('runs the app without raw sockets or any capability beyond an ordinary server’s', async () => {
    const status = await execIn(await servingContainer(attacker), ['cat', '/proc/1/status']);
    const bounding = BigInt(`0x${/CapBnd:\s*([0-9a-f]+)/.exec(status)![1]!}`);
    const NET_RAW = 13n;
    expect(bounding & (1n << NET_RAW)).toBe(0n);
    // CHOWN, DAC_OVERRIDE, FOWNER, FSETID, KILL, SETGID, SETUID, NET_BIND_SERVICE.
    expect(bounding).toBe([0n, 1n, 3n, 4n, 5n, 6n, 7n, 10n].reduce((mask, cap) => mask | (1n << cap), 0n));
  });

  it('caps a fork bomb’s processes, and the app’s memory and CPU at the install’s default', async () => {
    const container = await servingContainer(attacker);
    const { HostConfig } = await container.inspect();
    expect(HostConfig).toMatchObject({ PidsLimit: 1024, Memory: TEST_APP_LIMITS.memoryMb * 1024 * 1024, NanoCpus: TEST_APP_LIMITS.cpus * 1e9 });
    // cgroup v2 puts the limit at the root of the container's cgroup, v1 under the pids controller.
    expect(await execIn(container, ['sh', '-c', 'cat /sys/fs/cgroup/pids.max 2>/dev/null || cat /sys/fs/cgroup/pids/pids.max'])).toBe('1024');
  });
});

describe('a tenant against the host', () => {
  it('leaves no anonymous volume on the host disk once a deployment whose image declares one is gone', async () => {
    const hoarder = await insertProject(test.db, { slug: `hoarder-${run}`, repository: '/nowhere' });
    const deployment = await deploy(hoarder, await image('hoarder', 'VOLUME /data\n'));
    expect(deployment.status).toBe('ready');
    const { Mounts } = await docker.getContainer(containerName(deployment.id, hoarder.slug)).inspect();
    const volume = Mounts.find((m) => m.Destination === '/data')!.Name!;

    await deleteProject(platform, hoarder.id);

    await expect(docker.getVolume(volume).inspect()).rejects.toThrow(/no such volume/i);
  });

  // Apps only: the engine's default bridge, where builds run, is shared with the rest of this machine.
  const plan = firewallPlan([{ bridge: APP_BRIDGES, blocked: APP_BLOCKED }], { nameservers: resolvConfNameservers(readFileSync('/etc/resolv.conf', 'utf8')), publishedPorts: [] });

  it('cannot open a connection to a service on the host once the firewall rules are in, and still reaches Traefik', async () => {
    const app = await servingContainer(attacker);
    const [networkName, network] = Object.entries((await app.inspect()).NetworkSettings.Networks)[0]!;
    // A service of the host's, on the host's address on the app's own network and nowhere else.
    const service = createServer((socket) => socket.end());
    service.listen(0, network.Gateway);
    await once(service, 'listening');
    const { port } = service.address() as { port: number };
    const traefikAddress = (await docker.getContainer(traefikContainer).inspect()).NetworkSettings.Networks[networkName]!.IPAddress;
    const ipt = await dockersIptables();
    try {
      expect(await canConnect(app, network.Gateway, port)).toBe('open');

      await applyFirewall(ipt, plan);
      await applyFirewall(ipt, plan);

      for (const chain of plan.chains) expect((await ipt(['-S', chain.name]))!.trim().split('\n')).toEqual(chainListing(chain));
      expect(await ipt(['-S', 'DOCKER-USER'])).toContain('-A DOCKER-USER -i aeth-+ -j AETHER-FORWARD');
      expect((await ipt(['-S', 'INPUT']))!.split('\n').filter((line) => line.includes('AETHER-INPUT'))).toEqual(['-A INPUT -i aeth-+ -j AETHER-INPUT']);
      expect(await canConnect(app, network.Gateway, port)).toBe('closed');
      expect(await canConnect(app, traefikAddress, 80)).toBe('open');
    } finally {
      await removeFirewall(ipt, plan);
      service.close();
    }
  });
});
