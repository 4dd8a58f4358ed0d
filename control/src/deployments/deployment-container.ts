import type { deployments, projects } from '../db/schema.js';
import { appResources } from './app-limits.js';
import { containerSpec } from './container-spec.js';
import { deploymentEnvironment } from './deployment-variables.js';
import { refusedImageLabel, refusedLabelMessage } from './image-labels.js';
import { ensureProjectNetwork } from './project-network.js';
import type { ContainerPlatform } from './platform.js';

type Project = typeof projects.$inferSelect;
type Deployment = typeof deployments.$inferSelect;

/** The precondition a user can fix, in words for them; anything else is Aether's fault. */
export class DeploymentNotRunnable extends Error {}

/** Creates and starts a deployment's container, replacing one of the same name left by an interrupted attempt. */
export async function startDeploymentContainer(platform: ContainerPlatform, project: Project, deployment: Deployment): Promise<void> {
  if (deployment.imageId === null) throw new DeploymentNotRunnable('the deployment has no image');
  if (deployment.port === null) {
    throw new DeploymentNotRunnable("the image does not say which port the app listens on: set the project's port, or EXPOSE one in the Dockerfile");
  }
  await checkImageLabels(platform, project, deployment.imageId);
  const spec = containerSpec({
    instance: platform.instance,
    deploymentId: deployment.id,
    projectId: project.id,
    slug: project.slug,
    image: deployment.imageId,
    port: deployment.port,
    env: await deploymentEnvironment(platform, deployment),
    appsDomain: platform.appsDomain,
    network: await ensureProjectNetwork(platform, project.id),
    ...appResources(project.settings, platform.appLimits),
    ...(platform.tls && { tls: platform.tls }),
  });
  await platform.docker.getContainer(spec.name!).remove({ force: true, v: true }).catch(() => undefined);
  await (await platform.docker.createContainer(spec)).start();
}

/** Every container Aether runs is made here, so no image's own labels reach Traefik by another path. */
async function checkImageLabels(platform: ContainerPlatform, project: Project, imageId: string): Promise<void> {
  const image = await platform.docker.getImage(imageId).inspect();
  const refused = refusedImageLabel(image.Config.Labels, { instance: platform.instance, projectId: project.id });
  if (refused !== null) throw new DeploymentNotRunnable(refusedLabelMessage(refused));
}
