// The size of the final image Aether builds for a static SPA and a Python app, each deployed
// through the platform (the Node server's comes from the deploys in deploy-figures.ts).
import { docker } from '../test/support/docker.js';
import { type Bench, createProject, fixtureRepository, timedDeploy } from './platform.js';

export async function imageBytes(bench: Bench, fixture: 'vite-spa' | 'flask-app'): Promise<number> {
  const project = await createProject(bench, fixture, fixtureRepository(bench, fixture));
  const { deployment } = await timedDeploy(bench, project, `aether-fixture:${fixture}`);
  const { Size } = await docker.getImage(deployment.imageId!).inspect();
  await bench.api.request('DELETE', `/projects/${project.id}`);
  return Size;
}
