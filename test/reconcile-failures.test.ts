import { randomBytes } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deployments, projects } from '../control/src/db/schema.js';
import { reconcile } from '../control/src/deployments/reconcile.js';
import type { Platform } from '../control/src/deployments/platform.js';
import { buildServerImage } from './support/build.js';
import { createTestDatabase, insertProject, type TestDatabase } from './support/database.js';
import { eventually, get } from './support/http.js';
import { startTestPlatform } from './support/platform.js';

// The reconciler repairs every project it can, whatever one of them throws.

const run = randomBytes(3).toString('hex');
let test: TestDatabase;
let platform: Platform;
let traefikPort: number;

beforeAll(async () => {
  test = await createTestDatabase();
  const started = await startTestPlatform(test.db, 'failures');
  platform = started.platform;
  traefikPort = started.traefik.port;
}, 120_000);

afterAll(async () => {
  await platform.locks.close();
  await test.drop();
});

/** A project serving `image` as far as the database says, with no container yet: as after the engine lost them. */
async function servingProject(slug: string, image: string): Promise<void> {
  const project = await insertProject(test.db, { slug, repository: '/srv/app' });
  const [row] = await test.db.insert(deployments).values({ projectId: project.id, trigger: 'manual', imageTag: image, imageId: image, port: 3000, status: 'ready', readyAt: new Date() }).returning();
  await test.db.update(projects).set({ productionDeploymentId: row!.id }).where(eq(projects.id, project.id));
}

describe('the reconciler', () => {
  it('brings every other project back when one cannot be repaired, and says how many failed', async () => {
    const image = await buildServerImage('healthy', `aether-test/failures-${run}:1`);
    // A slug valid before hosts had a length limit: its container can no longer be made.
    await servingProject(`old${run}`.padEnd(60, 'x'), image);
    await servingProject(`healthy-${run}`, image);

    await expect(reconcile(platform, { buildJob: async () => ({ job: 'pending', runningSince: null }), pendingBuildEvents: async () => new Set(), lostBuildAfterMs: 60_000, buildTimeLimitMs: 900_000 })).rejects.toThrow(
      /^1 of 2 projects could not be reconciled$/,
    );

    await eventually(async () => expect((await get(traefikPort, `healthy-${run}.localhost`)).body).toBe('healthy'));
  });
});
