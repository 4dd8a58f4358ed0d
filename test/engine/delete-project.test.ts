import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { AETHER_LABELS } from '../../contract/aether-labels.js';
import { deployments, projects } from '../../control/src/db/schema.js';
import { containerName } from '../../control/src/deployments/container-spec.js';
import { deleteProject } from '../../control/src/deployments/delete-project.js';
import { startDeploymentContainer } from '../../control/src/deployments/deployment-container.js';
import { projectNetworkName } from '../../control/src/deployments/network-spec.js';
import { routeProduction } from '../../control/src/deployments/production-route.js';
import { routesFileName } from '../../control/src/routing/production-routes.js';
import { docker, TEST_LABEL, TEST_RUN } from '../support/docker.js';
import { type EnginePlatform, useEnginePlatform } from '../support/engine-platform.js';

// Deleting a project takes everything it had on the engine and in the routes directory with its
// rows, and nothing of another install that shares the engine, even under the same project ID.

let engine: EnginePlatform;
useEnginePlatform((ready) => (engine = ready));

const gone = (inspect: Promise<unknown>) => inspect.then(() => false, () => true);

describe('deleting a project', () => {
  it('removes its rows, containers, images, network and route file, and leaves another install’s objects of the same project ID', async () => {
    const project = await engine.newProject();
    const image = await engine.appImage({ [AETHER_LABELS.instance]: engine.platform.instance, [AETHER_LABELS.project]: project.id });
    const deployment = await engine.newDeployment(project, { imageId: image, readyAt: new Date() });
    await startDeploymentContainer(engine.platform, project, deployment);
    await routeProduction(engine.platform, project, deployment.id);
    const labels = { [TEST_LABEL]: TEST_RUN, [AETHER_LABELS.instance]: `${engine.platform.instance}-other`, [AETHER_LABELS.project]: project.id };
    const otherInstall = await docker.createContainer({ Image: await engine.appImage(), Labels: labels });

    try {
      expect(await deleteProject(engine.platform, project.id)).toBe(true);

      expect(await engine.test.db.query.projects.findFirst({ where: eq(projects.id, project.id) })).toBeUndefined();
      expect(await engine.test.db.query.deployments.findFirst({ where: eq(deployments.id, deployment.id) })).toBeUndefined();
      expect(await gone(docker.getContainer(containerName(deployment.id, project.slug)).inspect())).toBe(true);
      expect(await gone(docker.getImage(image).inspect())).toBe(true);
      expect(await gone(docker.getNetwork(projectNetworkName(engine.platform.instance, project.id)).inspect())).toBe(true);
      expect(existsSync(join(engine.platform.routesDir, routesFileName(project.slug)))).toBe(false);
      expect(await gone(otherInstall.inspect())).toBe(false);
      expect(await deleteProject(engine.platform, project.id)).toBe(false);
    } finally {
      await otherInstall.remove({ force: true });
    }
  });
});
