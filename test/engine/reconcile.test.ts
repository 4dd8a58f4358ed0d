import { randomUUID } from 'node:crypto';
import { existsSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { AETHER_LABELS } from '../../contract/aether-labels.js';
import { deployments, projects } from '../../control/src/db/schema.js';
import { containerName } from '../../control/src/deployments/container-spec.js';
import { startDeploymentContainer } from '../../control/src/deployments/deployment-container.js';
import { projectNetworkName } from '../../control/src/deployments/network-spec.js';
import { ensureProjectNetwork, removeProjectNetwork } from '../../control/src/deployments/project-network.js';
import { routeProduction } from '../../control/src/deployments/production-route.js';
import { reconcile, type ReconcileInputs } from '../../control/src/deployments/reconcile.js';
import { ROLLOUT_ABANDONED, ROLLOUT_RESUME_MS } from '../../control/src/deployments/repair-plan.js';
import { routesFileName } from '../../control/src/routing/production-routes.js';
import { docker, TEST_LABEL, TEST_RUN } from '../support/docker.js';
import { type EnginePlatform, useEnginePlatform } from '../support/engine-platform.js';

// The reconciler's repairs on the engine: what a crash, a lost container or an upgrade left is
// brought back to what the database says. Each test makes its own project; a pass goes over every
// project of the file, so each test looks only at what it made.

let engine: EnginePlatform;
useEnginePlatform((ready) => (engine = ready));

type Project = typeof projects.$inferSelect;

const inputs: ReconcileInputs = {
  buildJob: async () => ({ job: 'pending', runningSince: null }),
  pendingBuildEvents: async () => new Set(),
  lostBuildAfterMs: 60_000,
  buildTimeLimitMs: 900_000,
};
const pass = () => reconcile(engine.platform, inputs);
const state = (name: string) => docker.getContainer(name).inspect().then((info) => info, () => null);
const labelsOf = (project: Project, deploymentId?: string) => ({
  [TEST_LABEL]: TEST_RUN,
  [AETHER_LABELS.instance]: engine.platform.instance,
  [AETHER_LABELS.project]: project.id,
  ...(deploymentId !== undefined && { [AETHER_LABELS.deployment]: deploymentId }),
});
const routesFile = (project: Project) => join(engine.platform.routesDir, routesFileName(project.slug));

/** A project served by a ready deployment whose container runs, and whose host routes to it. */
async function serving() {
  const project = await engine.newProject();
  const deployment = await engine.newDeployment(project, { readyAt: new Date() });
  await engine.test.db.update(projects).set({ productionDeploymentId: deployment.id }).where(eq(projects.id, project.id));
  const updated = (await engine.test.db.query.projects.findFirst({ where: eq(projects.id, project.id) }))!;
  await startDeploymentContainer(engine.platform, updated, deployment);
  await routeProduction(engine.platform, updated, deployment.id);
  return { project: updated, deployment, container: containerName(deployment.id, project.slug) };
}

describe('the reconciler on the engine', () => {
  it('fails a rollout a crash interrupted too long ago to take up again, and removes the container it had started', async () => {
    const project = await engine.newProject();
    const deployment = await engine.newDeployment(project, { status: 'deploying', buildFinishedAt: new Date(Date.now() - ROLLOUT_RESUME_MS - 60_000) });
    await startDeploymentContainer(engine.platform, project, deployment);

    await pass();

    expect(await state(containerName(deployment.id, project.slug))).toBeNull();
    const row = await engine.test.db.query.deployments.findFirst({ where: eq(deployments.id, deployment.id) });
    expect(row).toMatchObject({ status: 'failed', error: ROLLOUT_ABANDONED });
  });

  it('leaves production’s running container alone, and its host routed to it', async () => {
    const { project, deployment, container } = await serving();
    const before = await state(container);

    await pass();

    const after = await state(container);
    expect(after?.Id).toBe(before?.Id);
    expect(after?.State.StartedAt).toBe(before?.State.StartedAt);
    expect(await readFile(routesFile(project), 'utf8')).toContain(deployment.id.slice(0, 8));
  });

  it('starts production’s stopped container again, and keeps its host routed to it', async () => {
    const { project, deployment, container } = await serving();
    await docker.getContainer(container).stop({ t: 0 });

    await pass();

    expect((await state(container))?.State.Running).toBe(true);
    expect(await readFile(routesFile(project), 'utf8')).toContain(deployment.id.slice(0, 8));
  });

  it('makes production’s container anew from its image when the container is gone, and keeps its host routed to it', async () => {
    const { project, deployment, container } = await serving();
    await docker.getContainer(container).remove({ force: true });

    await pass();

    const made = await state(container);
    expect(made?.State.Running).toBe(true);
    expect(made?.HostConfig.NetworkMode).toBe(projectNetworkName(engine.platform.instance, project.id));
    expect(await readFile(routesFile(project), 'utf8')).toContain(deployment.id.slice(0, 8));
  });

  it('takes the host down when production’s container and image are both gone', async () => {
    const { project, deployment, container } = await serving();
    await docker.getContainer(container).remove({ force: true });
    await engine.test.db.update(deployments).set({ imageId: `sha256:${'0'.repeat(64)}` }).where(eq(deployments.id, deployment.id));

    await pass();

    expect(existsSync(routesFile(project))).toBe(false);
    expect(await state(container)).toBeNull();
  });

  it('moves a container made before project networks onto the project’s own, hardened, and removes one it cannot make anew', async () => {
    const { project, deployment, container } = await serving();
    await docker.getContainer(container).remove({ force: true });
    const legacy = await docker.createContainer({ name: container, Image: deployment.imageId!, Labels: labelsOf(project, deployment.id), HostConfig: { NetworkMode: 'bridge' } });
    await legacy.start();
    // A deployment still kept for its own URL, whose port no one ever set.
    const portless = await engine.newDeployment(project, { readyAt: new Date(Date.now() - 60_000), port: null });
    const stranded = await docker.createContainer({ Image: deployment.imageId!, Labels: labelsOf(project, portless.id), HostConfig: { NetworkMode: 'bridge' } });

    await pass();

    const made = await state(container);
    expect(made?.Id).not.toBe(legacy.id);
    expect(made?.HostConfig.NetworkMode).toBe(projectNetworkName(engine.platform.instance, project.id));
    expect(made?.HostConfig.SecurityOpt).toContain('no-new-privileges');
    expect(await state(stranded.id)).toBeNull();
  });

  it('removes a container whose image carries a label Traefik would route by, made before such images were refused', async () => {
    const { project, deployment } = await serving();
    const routing = await engine.appImage({ 'traefik.http.routers.taken.rule': 'Host(`victim.localhost`)' });
    const network = projectNetworkName(engine.platform.instance, project.id);
    // Of the deployment that serves, so that retirement would keep it.
    const planted = await docker.createContainer({ Image: routing, Labels: labelsOf(project, deployment.id), HostConfig: { NetworkMode: network } });

    await pass();

    expect(await state(planted.id)).toBeNull();
  });

  it('removes the containers, images, route files and network of a deleted project, and leaves another install’s', async () => {
    const deleted = { id: randomUUID(), slug: `gone-${randomUUID().slice(0, 8)}` } as Project;
    const image = await engine.appImage(labelsOf(deleted));
    const left = await docker.createContainer({ Image: image, Labels: labelsOf(deleted) });
    const network = await ensureProjectNetwork(engine.platform, deleted.id);
    writeFileSync(routesFile(deleted), '{}\n');
    const otherInstall = await docker.createContainer({ Image: await engine.appImage(), Labels: { ...labelsOf(deleted), [AETHER_LABELS.instance]: `${engine.platform.instance}-other` } });

    try {
      await pass();

      expect(await state(left.id)).toBeNull();
      expect(await docker.getImage(image).inspect().catch(() => null)).toBeNull();
      expect(existsSync(routesFile(deleted))).toBe(false);
      expect(await docker.getNetwork(network).inspect().catch(() => null)).toBeNull();
      expect((await state(otherInstall.id))?.Id).toBe(otherInstall.id);
    } finally {
      await otherInstall.remove({ force: true });
    }
  });

  it('puts Traefik back on every project’s network, as after Traefik’s container was made anew', async () => {
    const { project } = await serving();
    const network = projectNetworkName(engine.platform.instance, project.id);
    await docker.getNetwork(network).disconnect({ Container: engine.traefik });

    await pass();

    expect(Object.keys((await docker.getNetwork(network).inspect()).Containers ?? {})).toContain(engine.traefik);
  });
  it('stops the containers and removes the images of deployments beyond those the install keeps, as after a rollout', async () => {
    const { project } = await serving();
    const ownImage = (deploymentId: string) => engine.appImage(labelsOf(project, deploymentId));
    const older = await engine.newDeployment(project, { readyAt: new Date(Date.now() - 60_000) });
    const olderImage = await ownImage(older.id);
    await engine.test.db.update(deployments).set({ imageId: olderImage }).where(eq(deployments.id, older.id));
    await startDeploymentContainer(engine.platform, project, { ...older, imageId: olderImage });
    const keepingOne = { ...engine.platform, keepRunning: 1, keepImages: 1 };

    await reconcile(keepingOne, inputs);

    expect(await state(containerName(older.id, project.slug))).toBeNull();
    expect(await docker.getImage(olderImage).inspect().catch(() => null)).toBeNull();
  });

  it('keeps production routed when the engine will not make its container anew, and says the pass failed', async () => {
    const { project, deployment, container } = await serving();
    await docker.getContainer(container).remove({ force: true });
    await removeProjectNetwork(engine.platform, project.id);
    // A pool with no block left: the engine's side fails, not the deployment.
    const full = await engine.fullPool();

    await expect(reconcile(full, inputs)).rejects.toThrow(/could not be reconciled/);

    expect(await readFile(routesFile(project), 'utf8')).toContain(deployment.id.slice(0, 8));
    await pass();
    expect((await state(container))?.State.Running).toBe(true);
  });
});
