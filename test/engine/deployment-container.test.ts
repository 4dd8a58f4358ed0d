import { describe, expect, it } from 'vitest';
import { containerName } from '../../control/src/deployments/container-spec.js';
import { rolloutContainer, startDeploymentContainer } from '../../control/src/deployments/deployment-container.js';
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

  it('is kept by a rollout taken up again while it runs what the rollout would run, so its host never points at nothing; made anew once stopped', async () => {
    const project = await engine.newProject();
    const deployment = await engine.newDeployment(project, { status: 'deploying' });
    const name = containerName(deployment.id, project.slug);
    await startDeploymentContainer(engine.platform, project, deployment);
    const started = await docker.getContainer(name).inspect();

    await rolloutContainer(engine.platform, project, deployment);
    expect((await docker.getContainer(name).inspect()).Id).toBe(started.Id);

    await docker.getContainer(name).stop({ t: 0 });
    await rolloutContainer(engine.platform, project, deployment);
    const anew = await docker.getContainer(name).inspect();
    expect(anew.Id).not.toBe(started.Id);
    expect(anew.State.Running).toBe(true);
  });
});
