import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { deployments, projects } from '../../control/src/db/schema.js';
import { routeProduction } from '../../control/src/deployments/production-route.js';
import { restoreProduction } from '../../control/src/deployments/reconcile.js';
import { routesFileName } from '../../control/src/routing/production-routes.js';
import { type StoreApp, useStoreApp } from '../support/store-app.js';

// The reconciler repairs production by what the engine says of its container and image. The store
// tier's Docker client reaches no engine: what the reconciler makes of an engine that does not
// answer (restarting, overloaded) is what it would make of one that failed any other way.

let store: StoreApp;

useStoreApp(async (app) => {
  store = app;
  await app.newUser('admin');
});

describe('production repaired by the reconciler', () => {
  it('stays routed while the engine does not answer: only an engine that says the container and its image are gone takes it down', async () => {
    const owner = await store.newUser('unanswered');
    const { id } = await store.newProject(owner, 'unanswered');
    const [serving] = await store.test.db
      .insert(deployments)
      .values({ projectId: id, trigger: 'manual', status: 'ready', imageTag: 'served', imageId: 'sha256:served', port: 3000, readyAt: new Date() })
      .returning();
    await store.test.db.update(projects).set({ productionDeploymentId: serving!.id }).where(eq(projects.id, id));
    const project = (await store.test.db.query.projects.findFirst({ where: eq(projects.id, id) }))!;
    await routeProduction(store.platform, project, serving!.id);
    const file = join(store.platform.routesDir, routesFileName(project.slug));
    const routed = await readFile(file, 'utf8');

    const pass = await restoreProduction(store.platform, project).then(() => 'repaired', () => 'failed');
    expect(await readFile(file, 'utf8').catch(() => 'removed')).toBe(routed);
    // The pass fails, to be tried again on the next tick, rather than repair what may well be running.
    expect(pass).toBe('failed');
  });
});
