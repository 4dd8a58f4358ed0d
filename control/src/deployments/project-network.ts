import type Docker from 'dockerode';
import { AETHER_LABELS } from '../../../contract/aether-labels.js';
import { installFilter } from './container-spec.js';
import { projectNetworkName, projectNetworkSpec } from './network-spec.js';
import type { NetworkPlatform } from './platform.js';
import { freeSubnet, reportedSubnet, type Subnet } from './subnets.js';

// The effects of network-spec.ts: a project's network exists, with Traefik on it, before its
// first container starts, and goes with the project.

/** Another creation may take the block this one chose between listing and creating: choose again. */
const CREATE_ATTEMPTS = 5;

/** Makes the project's network if it is missing and puts Traefik on it; returns its name. */
export async function ensureProjectNetwork(platform: NetworkPlatform, projectId: string): Promise<string> {
  const name = projectNetworkName(platform.instance, projectId);
  const exists = await platform.docker.getNetwork(name).inspect().then(() => true, notFoundAs(false));
  if (!exists) await createProjectNetwork(platform, projectId);
  await joinTraefik(platform, name);
  return name;
}

async function createProjectNetwork(platform: NetworkPlatform, projectId: string): Promise<void> {
  const { pool, prefix } = platform.networks;
  for (let attempt = 1; attempt <= CREATE_ATTEMPTS; attempt += 1) {
    const subnet = freeSubnet(pool, prefix, await subnetsInUse(platform.docker));
    if (subnet === null) throw new Error(`no free /${prefix} is left in the project networks' pool (AETHER_APP_SUBNETS)`);
    const created = await platform.docker.createNetwork(projectNetworkSpec({ instance: platform.instance, projectId, subnet })).then(
      () => true,
      (error: unknown) => {
        // Made by a concurrent rollout of the same project in another control instance.
        if (statusOf(error) === 409) return true;
        if (/overlaps/i.test(String(error))) return false;
        throw error;
      },
    );
    if (created) return;
  }
  throw new Error(`the project network could not be given a free block in ${CREATE_ATTEMPTS} attempts`);
}

/** Every block any network on the engine holds, Aether's or not: Docker refuses a new one that overlaps. */
async function subnetsInUse(docker: Docker): Promise<Subnet[]> {
  const networks = await docker.listNetworks();
  return networks.flatMap((n) => (n.IPAM?.Config ?? []).flatMap((c) => (c.Subnet === undefined ? [] : [reportedSubnet(c.Subnet)].filter((b) => b !== null))));
}

/** Idempotent: Traefik may already be on it, or may have been recreated since and lost it. */
export async function joinTraefik(platform: NetworkPlatform, network: string): Promise<void> {
  await platform.docker
    .getNetwork(network)
    .connect({ Container: platform.networks.traefikContainer })
    .catch((error: unknown) => {
      if (!/already exists/i.test(String(error))) throw error;
    });
}

/** After the project's containers are gone: Traefik leaves the network, and the network goes. */
export async function removeNetwork(platform: NetworkPlatform, network: string): Promise<void> {
  const handle = platform.docker.getNetwork(network);
  await handle.disconnect({ Container: platform.networks.traefikContainer, Force: true }).catch(() => undefined);
  await handle.remove().catch(notFoundAs(undefined));
}

export async function removeProjectNetwork(platform: NetworkPlatform, projectId: string): Promise<void> {
  await removeNetwork(platform, projectNetworkName(platform.instance, projectId));
}

/** This install's project networks, with the project each belongs to. */
export async function projectNetworks(platform: NetworkPlatform): Promise<{ name: string; projectId: string }[]> {
  const networks = await platform.docker.listNetworks({ filters: installFilter(platform.instance) });
  return networks.map((n) => ({ name: n.Name, projectId: n.Labels?.[AETHER_LABELS.project] ?? '' }));
}

function statusOf(error: unknown): number | undefined {
  return (error as { statusCode?: number }).statusCode;
}

function notFoundAs<T>(value: T): (error: unknown) => T {
  return (error) => {
    if (statusOf(error) === 404) return value;
    throw error;
  };
}
