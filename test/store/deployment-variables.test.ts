import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { deploymentVariables, deployments } from '../../control/src/db/schema.js';
import { copyDeploymentVariables, deploymentEnvironment } from '../../control/src/deployments/deployment-variables.js';
import { type Caller, type StoreApp, useStoreApp } from '../support/store-app.js';

// A deployment runs with the production variables it first started with: a variable changed
// later reaches the next deployment, and a rollback brings back what its target ran with. Postgres
// only: what a container is started with is decided before the engine is asked.

let store: StoreApp;

useStoreApp(async (app) => {
  store = app;
  await app.newUser('admin');
});

async function setVariable(owner: Caller, projectId: string, key: string, value: string, scope: 'production' | 'build' = 'production') {
  expect((await store.call('PUT', `/projects/${projectId}/env`, owner, { key, value, scope })).status).toBe(204);
}

async function deploymentOf(projectId: string) {
  const [row] = await store.test.db.insert(deployments).values({ projectId, trigger: 'manual', status: 'deploying', imageTag: 'image', imageId: 'sha256:image', port: 3000 }).returning();
  return row!;
}

describe('the variables a deployment runs with', () => {
  it('keeps those it first started with, sealed, while the project’s change for the next deployment', async () => {
    const owner = await store.newUser('variables');
    const project = await store.newProject(owner, 'variables');
    await setVariable(owner, project.id, 'API_KEY', 'first-key');
    await setVariable(owner, project.id, 'BUILD_ONLY', 'never at run time', 'build');
    const first = await deploymentOf(project.id);

    expect(await deploymentEnvironment(store.platform, first)).toEqual({ API_KEY: 'first-key' });
    await setVariable(owner, project.id, 'API_KEY', 'second-key');
    // Started again (a restart, the reconciler): the same variables.
    expect(await deploymentEnvironment(store.platform, first)).toEqual({ API_KEY: 'first-key' });
    expect(await deploymentEnvironment(store.platform, await deploymentOf(project.id))).toEqual({ API_KEY: 'second-key' });

    const [kept] = await store.test.db.select().from(deploymentVariables).where(eq(deploymentVariables.deploymentId, first.id));
    expect(kept!.sealed).not.toContain('first-key');
  });

  it('gives a rollback the variables its target ran with, and none when the target kept none', async () => {
    const owner = await store.newUser('rollback');
    const project = await store.newProject(owner, 'rollback');
    await setVariable(owner, project.id, 'API_KEY', 'then');
    const target = await deploymentOf(project.id);
    await deploymentEnvironment(store.platform, target);
    await setVariable(owner, project.id, 'API_KEY', 'now');
    const [rollback, older, fromOlder] = [await deploymentOf(project.id), await deploymentOf(project.id), await deploymentOf(project.id)];

    await store.test.db.transaction((tx) => copyDeploymentVariables(tx, target.id, rollback.id));
    await store.test.db.transaction((tx) => copyDeploymentVariables(tx, older.id, fromOlder.id));

    expect(await deploymentEnvironment(store.platform, rollback)).toEqual({ API_KEY: 'then' });
    // A target made before variables were kept gives nothing: the rollback starts with the project's now.
    expect(await deploymentEnvironment(store.platform, fromOlder)).toEqual({ API_KEY: 'now' });
  });
});
