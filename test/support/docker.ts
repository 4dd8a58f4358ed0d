import Docker from 'dockerode';

export const docker = new Docker();

/** Every container and network a test makes carries this label, so clean-up finds only them. */
export const TEST_LABEL = 'dev.aether.test';

export async function removeTestObjects(): Promise<void> {
  const filters = JSON.stringify({ label: [TEST_LABEL] });
  const containers = await docker.listContainers({ all: true, filters });
  await Promise.all(containers.map((c) => docker.getContainer(c.Id).remove({ force: true })));
  const networks = await docker.listNetworks({ filters });
  await Promise.all(networks.map((n) => docker.getNetwork(n.Id).remove()));
}

export async function createTestNetwork(name: string): Promise<string> {
  await docker.createNetwork({ Name: name, Labels: { [TEST_LABEL]: '1' } });
  return name;
}

export async function healthStatus(container: Docker.Container): Promise<string | undefined> {
  const info = await container.inspect();
  return info.State.Health?.Status;
}
