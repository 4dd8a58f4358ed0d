import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { deployments, projects } from '../../control/src/db/schema.js';
import type { Platform, RolloutOutcome } from '../../control/src/deployments/platform.js';
import { productionRouteOf } from '../../control/src/deployments/production-route.js';
import { rollout } from '../../control/src/deployments/rollout.js';
import { goLive, transition } from '../../control/src/deployments/transition.js';
import { productionRoutes, routesFileName } from '../../control/src/routing/production-routes.js';
import { type StoreApp, useStoreApp } from '../support/store-app.js';

// What a rollout decides before the engine has anything to say: under the project's lock, whether
// the deployment is still to roll out, and, when it cannot run, that production stays as it was.
// The store tier's Docker client reaches no engine: a rollout that called on it would fail.

let store: StoreApp;

useStoreApp(async (app) => {
  store = app;
  await app.newUser('admin');
});

/** A project of its own, served by a deployment that went live, and a new deployment built and waiting to roll out. */
async function servedProject(name: string, next: { port: number | null }) {
  const owner = await store.newUser(name);
  const { id } = await store.newProject(owner, name);
  const db = store.test.db;
  const [serving] = await db.insert(deployments).values({ projectId: id, trigger: 'manual', status: 'ready', imageTag: 'served', imageId: 'sha256:served', port: 3000, readyAt: new Date() }).returning();
  await db.update(projects).set({ productionDeploymentId: serving!.id }).where(eq(projects.id, id));
  const [deploying] = await db.insert(deployments).values({ projectId: id, trigger: 'manual', status: 'deploying', imageTag: 'next', imageId: 'sha256:next', port: next.port }).returning();
  const project = (await db.query.projects.findFirst({ where: eq(projects.id, id) }))!;
  return { owner, project, serving: serving!, deploying: deploying! };
}

const statusOf = async (id: string) => (await store.test.db.query.deployments.findFirst({ where: eq(deployments.id, id) }))!;
const routeFile = (slug: string) => readFile(join(store.platform.routesDir, routesFileName(slug)), 'utf8').then((text) => JSON.parse(text) as unknown, () => null);

describe('a rollout', () => {
  it('fails a deployment whose image names no port, saying what to set and at which step, and production keeps serving the deployment it served', async () => {
    // Another project's deployment made first: the rollout must read its own deployment's project, not the first there is.
    await servedProject('bystander', { port: 3000 });
    const { project, serving, deploying } = await servedProject('portless', { port: null });
    const outcomes: RolloutOutcome[] = [];
    const platform: Platform = { ...store.platform, onRolloutFinished: (outcome) => void outcomes.push(outcome) };

    await rollout(platform, deploying.id);

    const failed = await statusOf(deploying.id);
    expect(failed.status).toBe('failed');
    expect(failed.error).toBe("the image does not say which port the app listens on: set the project's port, or EXPOSE one in the Dockerfile");
    expect(failed.rolloutStep).toBe('starting');
    expect(outcomes).toEqual(['failed']);
    expect((await store.test.db.query.projects.findFirst({ where: eq(projects.id, project.id) }))!.productionDeploymentId).toBe(serving.id);
    // The route file is written back as it was: the production host goes to the deployment that served.
    expect(await routeFile(project.slug)).toEqual(productionRoutes(productionRouteOf(platform, project, serving.id, [])));
  });

  it('leaves alone a deployment canceled while it waited for the project’s lock', async () => {
    const { project, deploying } = await servedProject('canceled', { port: 3000 });
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    let entered!: () => void;
    const inside = new Promise<void>((resolve) => (entered = resolve));
    // The project's previous rollout holds the lock.
    const previous = store.platform.locks.run(project.id, async () => {
      entered();
      await held;
    });
    await inside;
    const waiting = rollout(store.platform, deploying.id);
    expect(await transition(store.test.db, deploying.id, 'canceled', { error: 'canceled by its owner' })).toBe(true);
    release();
    await previous;

    // Had it gone on, it would have asked the engine for a container, which here fails.
    await expect(waiting).resolves.toBeUndefined();
    expect((await statusOf(deploying.id)).status).toBe('canceled');
    expect(await routeFile(project.slug)).toBeNull();
  });

  it('is refused for a deployment that never went live, saying so, though the project has one that did', async () => {
    const { owner, project, deploying } = await servedProject('never-live', { port: 3000 });
    expect(await transition(store.test.db, deploying.id, 'failed', { error: 'the app did not answer' })).toBe(true);
    const reply = await store.call('POST', `/projects/${project.id}/deployments/${deploying.id}/rollback`, owner);
    expect(reply.status).toBe(409);
    expect(reply.json!.error.message).toBe('only a deployment that went live can be rolled back to');
  });

  it('is reported live only together with its project pointing at it: when the project cannot be written, it stays deploying', async () => {
    const { project, serving, deploying } = await servedProject('live-together', { port: 3000 });
    const refuse = `refuse_${deploying.id.replaceAll('-', '')}`;
    // Postgres refuses the project's write, as a connection cut between the two writes would leave it unwritten.
    await store.test.pool.query(
      `CREATE FUNCTION ${refuse}() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'refused'; END $$;
       CREATE TRIGGER ${refuse} BEFORE UPDATE ON projects FOR EACH ROW WHEN (NEW.production_deployment_id = '${deploying.id}') EXECUTE FUNCTION ${refuse}();`,
    );
    await expect(goLive(store.test.db, deploying.id, project.id)).rejects.toThrow(/update "projects"/);
    expect((await statusOf(deploying.id)).status).toBe('deploying');
    expect((await store.test.db.query.projects.findFirst({ where: eq(projects.id, project.id) }))!.productionDeploymentId).toBe(serving.id);

    await store.test.pool.query(`DROP TRIGGER ${refuse} ON projects; DROP FUNCTION ${refuse}();`);
    expect(await goLive(store.test.db, deploying.id, project.id)).toBe(true);
    expect((await statusOf(deploying.id)).status).toBe('ready');
    expect((await store.test.db.query.projects.findFirst({ where: eq(projects.id, project.id) }))!.productionDeploymentId).toBe(deploying.id);
  });

  it('does nothing for a deployment that does not exist', async () => {
    await expect(rollout(store.platform, crypto.randomUUID())).resolves.toBeUndefined();
  });
});
