import { randomBytes, randomUUID } from 'node:crypto';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AETHER_LABELS } from '../contract/aether-labels.js';
import { deployments, projects } from '../control/src/db/schema.js';
import { containerName } from '../control/src/deployments/container-spec.js';
import type { BuildJobState } from '../control/src/deployments/lost-builds.js';
import { projectNetworkName } from '../control/src/deployments/network-spec.js';
import type { Platform } from '../control/src/deployments/platform.js';
import { ensureProjectNetwork } from '../control/src/deployments/project-network.js';
import { reconcile } from '../control/src/deployments/reconcile.js';
import { rollout } from '../control/src/deployments/rollout.js';
import { buildServerImage } from './support/build.js';
import { createTestDatabase, insertProject, type TestDatabase } from './support/database.js';
import { docker, TEST_LABEL, TEST_RUN } from './support/docker.js';
import { eventually, get } from './support/http.js';
import { startTestPlatform, stopTestPlatform } from './support/platform.js';
import { testbedVar } from './support/testbed.js';

// The reconciler brings the database, Docker and the route files back into agreement. It works
// on every project it finds, so these tests have a platform of their own: a pass repairs only
// what they made.

const run = randomBytes(3).toString('hex');
let test: TestDatabase;
let platform: Platform;
let traefikPort: number;
let traefikContainer: string;
let imageId: string;

type Project = typeof projects.$inferSelect;

let projectsMade = 0;
const newProject = () => insertProject(test.db, { slug: `reconcile-${run}-${(projectsMade += 1)}`, repository: '/nowhere' });
const reread = async (id: string) => (await test.db.query.deployments.findFirst({ where: eq(deployments.id, id) }))!;
const production = (project: Project) => `${project.slug}.localhost`;
const body = async (host: string) => (await get(traefikPort, host)).body;
const reconcileWith = (buildJob: (deploymentId: string) => Promise<BuildJobState> = async () => 'pending') =>
  reconcile(platform, { buildJob: async (id) => ({ job: await buildJob(id), runningSince: null }), pendingBuildEvents: async () => new Set(), lostBuildAfterMs: 60_000, buildTimeLimitMs: 900_000 });

/** What the builder and control's build-event consumer leave behind: a deployment in `deploying` with its image. */
async function built(project: Project) {
  const [row] = await test.db
    .insert(deployments)
    .values({ projectId: project.id, trigger: 'manual', imageTag: imageId, imageId, port: 3000, status: 'deploying' })
    .returning();
  return row!;
}

beforeAll(async () => {
  test = await createTestDatabase();
  const started = await startTestPlatform(test.db, 'reconcile');
  platform = started.platform;
  traefikPort = started.traefik.port;
  traefikContainer = started.traefik.container;
  imageId = await buildServerImage('serving', `aether-test/reconcile-${run}:1`);
}, 180_000);

afterAll(async () => {
  await stopTestPlatform(platform);
  await test.drop();
});

describe('the reconciler', () => {
  it('leaves a just-built deployment to its rollout, and takes up one that no rollout took up, which goes live', async () => {
    const project = await newProject();
    const fresh = await built(project);
    await test.db.update(deployments).set({ buildFinishedAt: new Date() }).where(eq(deployments.id, fresh.id));
    await reconcileWith();
    expect((await reread(fresh.id)).status).toBe('deploying');

    await test.db.update(deployments).set({ buildFinishedAt: new Date(Date.now() - 60_000) }).where(eq(deployments.id, fresh.id));
    await reconcileWith();
    expect(await reread(fresh.id)).toMatchObject({ status: 'ready', error: null });
    expect(await body(production(project))).toBe('serving');
  });

  it('fails a build the queue no longer holds, and leaves one it still holds however old', async () => {
    const project = await newProject();
    const waiting = (status: 'queued' | 'building') =>
      test.db
        .insert(deployments)
        .values({ projectId: project.id, trigger: 'manual', imageTag: 'aether-test/never-built', status, createdAt: new Date(Date.now() - 10 * 60_000) })
        .returning()
        .then((rows) => rows[0]!);
    const [lostQueued, lostBuilding, heldQueued, heldBuilding] = [await waiting('queued'), await waiting('building'), await waiting('queued'), await waiting('building')];
    const lost = new Set([lostQueued.id, lostBuilding.id]);

    await reconcileWith(async (id) => (lost.has(id) ? 'missing' : 'pending'));

    for (const gone of [lostQueued, lostBuilding]) {
      expect(await reread(gone.id)).toMatchObject({ status: 'failed', error: 'the build was lost: the builder no longer holds it' });
    }
    expect((await reread(heldQueued.id)).status).toBe('queued');
    expect((await reread(heldBuilding.id)).status).toBe('building');
  });

  it('repairs by reconciling: the serving container comes back, and what belongs to no project goes', async () => {
    const project = await newProject();
    const serving = await built(project);
    await rollout(platform, serving.id);
    await docker.getContainer(containerName(serving.id, project.slug)).remove({ force: true });
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

    await reconcileWith();

    await eventually(async () => expect(await body(production(project))).toBe('serving'));
    await expect(stray.inspect()).rejects.toThrow(/no such container/i);
    await expect(docker.getNetwork(strayNetwork).inspect()).rejects.toThrow(/not found/i);

    // A recreated Traefik container is on no project's network.
    await docker.getNetwork(projectNetworkName(platform.instance, project.id)).disconnect({ Container: traefikContainer });
    await eventually(async () => expect((await get(traefikPort, production(project))).status).not.toBe(200));
    await reconcileWith();
    await eventually(async () => expect(await body(production(project))).toBe('serving'));
    expect(existsSync(join(platform.routesDir, 'project-gone.yml'))).toBe(false);
    // Another Aether install on the same engine keeps its containers.
    expect((await otherInstall.inspect()).Id).toBe(otherInstall.id);
  });

});
