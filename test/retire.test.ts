import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AETHER_LABELS } from '../contract/aether-labels.js';
import { deployments, type projects } from '../control/src/db/schema.js';
import type { RetirePlatform } from '../control/src/deployments/platform.js';
import { retireDeployments } from '../control/src/deployments/retire.js';
import { createTestDatabase, insertProject, type TestDatabase } from './support/database.js';
import { docker, TEST_LABEL, TEST_RUN } from './support/docker.js';
import { testbedVar } from './support/testbed.js';

// Retirement runs outside the project's rollout lock, so a rollback can start while it drains
// the container that served until a moment ago. Whatever that rollback needs must survive it.

const run = randomBytes(3).toString('hex');
const DRAIN_MS = 4_000;
const instance = `retire-${run}`;
let test: TestDatabase;
let project: typeof projects.$inferSelect;
const images: string[] = [];

/** An image of one of the project's deployments, labelled as the builder labels it. */
async function deploymentImage(deploymentId: string): Promise<string> {
  const base = await docker.createContainer({ Image: testbedVar('AETHER_IMAGE_NODE'), Labels: { [TEST_LABEL]: TEST_RUN } });
  const labels = [`${AETHER_LABELS.instance}=${instance}`, `${AETHER_LABELS.project}=${project.id}`, `${AETHER_LABELS.deployment}=${deploymentId}`, `${TEST_LABEL}=${TEST_RUN}`];
  const committed = (await base.commit({ repo: `aether-test/retire-${run}`, tag: deploymentId, changes: labels.map((l) => `LABEL ${l}`) })) as { Id: string };
  await base.remove({ force: true });
  images.push(committed.Id);
  return committed.Id;
}

async function liveDeployment(readyAt: Date) {
  const [row] = await test.db.insert(deployments).values({ projectId: project.id, trigger: 'manual', status: 'ready', imageTag: 'pending', port: 3000, readyAt }).returning();
  const imageId = await deploymentImage(row!.id);
  await test.db.update(deployments).set({ imageId }).where(eq(deployments.id, row!.id));
  return { ...row!, imageId };
}

beforeAll(async () => {
  test = await createTestDatabase();
  project = await insertProject(test.db, { slug: `retire-${run}`, repository: '/nowhere' });
}, 60_000);

afterAll(async () => {
  const filters = JSON.stringify({ label: [`${AETHER_LABELS.project}=${project.id}`] });
  for (const c of await docker.listContainers({ all: true, filters })) await docker.getContainer(c.Id).remove({ force: true });
  for (const id of images) await docker.getImage(id).remove({ force: true }).catch(() => undefined);
  await test.drop();
});

describe('retirement', () => {
  it('keeps the image of a rollback that started while it drained, though that image was beyond the images kept', async () => {
    const older = await liveDeployment(new Date(Date.now() - 60_000));
    const newer = await liveDeployment(new Date());
    // The older deployment's container served until a moment ago: retiring it starts a drain.
    const served = await docker.createContainer({
      Image: older.imageId,
      Cmd: ['sleep', 'infinity'],
      Labels: { [AETHER_LABELS.instance]: instance, [AETHER_LABELS.project]: project.id, [AETHER_LABELS.deployment]: older.id, [TEST_LABEL]: TEST_RUN },
      // An init, as deployments have, so that `sleep` stops at the SIGTERM instead of the kill 10 s later.
      HostConfig: { Init: true },
    });
    await served.start();
    const platform: RetirePlatform = { docker, db: test.db, instance, keepRunning: 1, keepImages: 1, drainMs: DRAIN_MS };

    const retiring = retireDeployments(platform, project.id);
    // Well inside the drain: the user rolls back to the older deployment, whose row now names its image.
    await sleep(DRAIN_MS / 4);
    await test.db.insert(deployments).values({ projectId: project.id, trigger: 'rollback', status: 'deploying', imageTag: older.imageTag, imageId: older.imageId, port: 3000 });
    await retiring;

    expect(await docker.getContainer(served.id).inspect().catch(() => null)).toBeNull();
    expect(await docker.getImage(older.imageId).inspect().then(() => 'kept', () => 'removed')).toBe('kept');
    expect(await docker.getImage(newer.imageId).inspect().then(() => 'kept', () => 'removed')).toBe('kept');
  }, 60_000);
});
