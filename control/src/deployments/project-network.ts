import { setTimeout as sleep } from 'node:timers/promises';
import { isAlreadyConnected, networkCreateFailure, notFoundAs } from './engine-errors.js';
import { installFilter } from './engine-options.js';
import { blockForNewNetwork, type InstallNetwork, installNetworks, projectNetworkName, projectNetworkSpec, traefikEndpoint, traefikLeaving } from './network-spec.js';
import type { NetworkPlatform } from './platform.js';

// The effects of network-spec.ts: a project's network exists, with Traefik on it, before its
// first container starts, and goes with the project.

/**
 * Another creation may take the block this one chose between listing and creating: choose again,
 * after a pause. The engine holds the block from the start of that creation but lists the network
 * only at its end, so a choice made at once would fall on the same block.
 */
const RETRY_PAUSES_MS = [100, 250, 500, 1_000, 2_000];

/** Makes the project's network if it is missing and puts Traefik on it; returns its name. */
export async function ensureProjectNetwork(platform: NetworkPlatform, projectId: string): Promise<string> {
  const name = projectNetworkName(platform.instance, projectId);
  const exists = await platform.docker.getNetwork(name).inspect().then(() => true, notFoundAs(false));
  if (!exists) await createProjectNetwork(platform, projectId);
  await joinTraefik(platform, name);
  return name;
}

async function createProjectNetwork(platform: NetworkPlatform, projectId: string): Promise<void> {
  for (const pause of [0, ...RETRY_PAUSES_MS]) {
    await sleep(pause);
    const subnet = blockForNewNetwork(await platform.docker.listNetworks(), platform.networks);
    const created = await platform.docker.createNetwork(projectNetworkSpec({ instance: platform.instance, projectId, subnet })).then(
      () => true,
      (error: unknown) => {
        const failure = networkCreateFailure(error);
        if (failure === 'other') throw error;
        return failure === 'made-meanwhile';
      },
    );
    if (created) return;
  }
  throw new Error(`the project network could not be given a free block in ${RETRY_PAUSES_MS.length + 1} attempts`);
}

/** Idempotent: Traefik may already be on it, or may have been recreated since and lost it. */
export async function joinTraefik(platform: NetworkPlatform, network: string): Promise<void> {
  await platform.docker
    .getNetwork(network)
    .connect(traefikEndpoint(platform.networks))
    .catch((error: unknown) => {
      if (!isAlreadyConnected(error)) throw error;
    });
}

/** After the project's containers are gone: Traefik leaves the network, and the network goes. */
export async function removeNetwork(platform: NetworkPlatform, network: string): Promise<void> {
  const handle = platform.docker.getNetwork(network);
  await handle.disconnect(traefikLeaving(platform.networks)).catch(() => undefined);
  await handle.remove().catch(notFoundAs(undefined));
}

export async function removeProjectNetwork(platform: NetworkPlatform, projectId: string): Promise<void> {
  await removeNetwork(platform, projectNetworkName(platform.instance, projectId));
}

export async function projectNetworks(platform: NetworkPlatform): Promise<InstallNetwork[]> {
  return installNetworks(await platform.docker.listNetworks({ filters: installFilter(platform.instance) }));
}
