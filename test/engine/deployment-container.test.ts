import { describe, expect, it } from 'vitest';
import { containerName } from '../../control/src/deployments/container-spec.js';
import { startDeploymentContainer } from '../../control/src/deployments/deployment-container.js';
import { docker } from '../support/docker.js';
import { type EnginePlatform, useEnginePlatform } from '../support/engine-platform.js';

// Every container Aether runs is made by startDeploymentContainer: an image's own labels, which
// Docker copies onto the container, are checked there before anything starts.

let engine: EnginePlatform;
useEnginePlatform((ready) => (engine = ready));

describe("a deployment's container", () => {
  it('is refused for an image whose labels would route another host, naming the label, and nothing starts', async () => {
    const project = await engine.newProject();
    const image = await engine.appImage({ 'traefik.http.routers.taken.rule': 'Host(`victim.localhost`)' });
    const deployment = await engine.newDeployment(project, { imageId: image });

    await expect(startDeploymentContainer(engine.platform, project, deployment)).rejects.toThrow(/"traefik\.http\.routers\.taken\.rule"/);
    expect(await docker.getContainer(containerName(deployment.id, project.slug)).inspect().catch(() => null)).toBeNull();
  });

  it('replaces a container of the same name that an interrupted attempt left, and runs', async () => {
    const project = await engine.newProject();
    const deployment = await engine.newDeployment(project, {});
    await startDeploymentContainer(engine.platform, project, deployment);
    const first = await docker.getContainer(containerName(deployment.id, project.slug)).inspect();

    await startDeploymentContainer(engine.platform, project, deployment);

    const second = await docker.getContainer(containerName(deployment.id, project.slug)).inspect();
    expect(second.Id).not.toBe(first.Id);
    expect(second.State.Running).toBe(true);
  });
});
