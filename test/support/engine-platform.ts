import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import { AETHER_LABELS } from '../../contract/aether-labels.js';
import { deployments, type projects } from '../../control/src/db/schema.js';
import { ensureProjectNetwork } from '../../control/src/deployments/project-network.js';
import { rolloutLocks } from '../../control/src/deployments/rollout-lock.js';
import type { Platform } from '../../control/src/deployments/platform.js';
import { parseSubnet } from '../../control/src/deployments/subnets.js';
import { createTestDatabase, insertProject, type TestDatabase } from './database.js';
import { docker, TEST_LABEL, TEST_RUN, testInstance } from './docker.js';
import { stopTestPlatform, TEST_APP_LIMITS, TEST_APP_SUBNETS } from './platform.js';
import { testbedVar } from './testbed.js';

// The engine tier: a deployment's lifecycle against the Docker engine and a database of the file's
// own, with no Traefik, builder or browser. Traefik is stood in for by a container that only sleeps:
// what these tests check is which networks it is on, not what it routes. Like the store tier it
// runs in the mutation run, where two Stryker workers may run one file at once: the install's name,
// the database and the images are the file's own.

type Project = typeof projects.$inferSelect;
type Deployment = typeof deployments.$inferSelect;

export interface EnginePlatform {
  platform: Platform;
  test: TestDatabase;
  /** The container standing in for Traefik. */
  traefik: string;
  newProject(): Promise<Project>;
  /** A deployment of `project` with `status`, its image an app answering on $PORT unless `imageId` says otherwise. */
  newDeployment(project: Project, values: Partial<typeof deployments.$inferInsert>): Promise<Deployment>;
  /** An image of the app with `labels` of its own, as a repository's Dockerfile would give it. */
  appImage(labels?: Record<string, string>): Promise<string>;
  /** The platform with a pool of one block, which a network of a project that does not exist holds: no block is left for another. */
  fullPool(): Promise<Platform>;
}

const APP = `require('node:http').createServer((req, res) => res.end('serving')).listen(process.env.PORT)`;

export function useEnginePlatform(ready: (engine: EnginePlatform) => void): void {
  let engine: (EnginePlatform & { close(): Promise<void> }) | undefined;
  beforeAll(async () => {
    engine = await startEnginePlatform();
    ready(engine);
  }, 60_000);
  afterAll(async () => {
    await engine?.close();
  });
}

async function startEnginePlatform(): Promise<EnginePlatform & { close(): Promise<void> }> {
  const run = randomBytes(3).toString('hex');
  const test = await createTestDatabase();
  const stand = await docker.createContainer({ Image: testbedVar('AETHER_IMAGE_NODE'), Cmd: ['sleep', 'infinity'], Labels: { [TEST_LABEL]: TEST_RUN } });
  await stand.start();
  const routesDir = await mkdtemp(join(tmpdir(), 'aether-engine-routes-'));
  const platform: Platform = {
    docker,
    db: test.db,
    locks: rolloutLocks(test.url, 2),
    instance: testInstance(`engine-${run}`),
    secretKey: randomBytes(32),
    traefikUrl: new URL('http://127.0.0.1:9'),
    routesDir,
    appsDomain: 'localhost',
    networks: { traefikContainer: stand.id, pool: parseSubnet(TEST_APP_SUBNETS), prefix: 27 },
    appLimits: TEST_APP_LIMITS,
    keepRunning: 2,
    keepImages: 5,
    healthTimeoutMs: 5_000,
    drainMs: 0,
  };
  const images: string[] = [];
  let made = 0;

  async function appImage(labels: Record<string, string> = {}): Promise<string> {
    const base = await docker.createContainer({ Image: testbedVar('AETHER_IMAGE_NODE'), Labels: { [TEST_LABEL]: TEST_RUN } });
    const changes = [`CMD ["node", "-e", ${JSON.stringify(APP)}]`, ...Object.entries(labels).map(([key, value]) => `LABEL ${key}=${value}`)];
    const committed = (await base.commit({ repo: `aether-test/engine-${run}`, tag: `${(made += 1)}`, changes })) as { Id: string };
    await base.remove({ force: true });
    images.push(committed.Id);
    return committed.Id;
  }

  const app = await appImage();
  return {
    platform,
    test,
    traefik: stand.id,
    newProject: () => insertProject(test.db, { slug: `engine-${run}-${(made += 1)}`, repository: '/nowhere' }),
    async newDeployment(project, values) {
      const [row] = await test.db
        .insert(deployments)
        .values({ projectId: project.id, trigger: 'manual', status: 'ready', imageTag: app, imageId: app, port: 3000, ...values })
        .returning();
      return row!;
    },
    appImage,
    async fullPool() {
      const held = await ensureProjectNetwork(platform, randomUUID());
      const block = (await docker.getNetwork(held).inspect()).IPAM?.Config?.[0]?.Subnet ?? '';
      return { ...platform, networks: { ...platform.networks, pool: parseSubnet(block) } };
    },
    async close() {
      await stopTestPlatform(platform);
      await stand.remove({ force: true });
      const networks = await docker.listNetworks({ filters: JSON.stringify({ label: [`${AETHER_LABELS.instance}=${platform.instance}`] }) });
      for (const network of networks) await docker.getNetwork(network.Id).remove().catch(() => undefined);
      for (const image of images) await docker.getImage(image).remove({ force: true }).catch(() => undefined);
      await rm(routesDir, { recursive: true, force: true });
      await test.drop();
    },
  };
}
