import type { deployments, projects } from '../db/schema.js';
import { containerName, containerSpec, deploymentContainer } from './container-spec.js';
import { deploymentEnvironment } from './deployment-variables.js';
import { REMOVE_CONTAINER } from './engine-options.js';
import { refusedImageLabel, refusedLabelMessage } from './image-labels.js';
import { projectNetworkName } from './network-spec.js';
import { ensureProjectNetwork } from './project-network.js';
import type { ContainerPlatform } from './platform.js';
import { DeploymentNotRunnable, keepsStartedContainer, runnable } from './rollout-plan.js';

type Project = typeof projects.$inferSelect;
type Deployment = typeof deployments.$inferSelect;

/** Creates and starts a deployment's container, replacing one of the same name left by an interrupted attempt. */
export async function startDeploymentContainer(platform: ContainerPlatform, project: Project, deployment: Deployment): Promise<void> {
  const { image, port } = runnable(deployment);
  await checkImageLabels(platform, project, image);
  const env = await deploymentEnvironment(platform, deployment);
  const network = await ensureProjectNetwork(platform, project.id);
  const spec = containerSpec(deploymentContainer(platform, project, deployment.id, { image, port, env, network }));
  await platform.docker.getContainer(spec.name!).remove(REMOVE_CONTAINER).catch(() => undefined);
  await (await platform.docker.createContainer(spec)).start();
}

/** A rollout's container: the one an attempt cut short started, when keepsStartedContainer says so; else made anew. */
export async function rolloutContainer(platform: ContainerPlatform, project: Project, deployment: Deployment): Promise<void> {
  const started = await platform.docker.getContainer(containerName(deployment.id, project.slug)).inspect().catch(() => null);
  const expected = {
    image: deployment.imageId,
    network: projectNetworkName(platform.instance, project.id),
    owner: { instance: platform.instance, projectId: project.id },
    deploymentId: deployment.id,
  };
  if (started === null || !keepsStartedContainer(started, expected)) await startDeploymentContainer(platform, project, deployment);
}

/** Every container Aether runs is made here, so no image's own labels reach Traefik by another path. */
async function checkImageLabels(platform: ContainerPlatform, project: Project, imageId: string): Promise<void> {
  const image = await platform.docker.getImage(imageId).inspect();
  const refused = refusedImageLabel(image.Config.Labels, { instance: platform.instance, projectId: project.id });
  if (refused !== null) throw new DeploymentNotRunnable(refusedLabelMessage(refused));
}
