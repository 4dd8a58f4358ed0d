import type Docker from 'dockerode';
import { AETHER_LABELS } from '../../../contract/aether-labels.js';
import { formatSubnet, freeSubnet, reportedSubnet, type Subnet } from './subnets.js';

// Each project's deployments share a Docker network with Traefik and nothing else: Docker's
// bridge isolation drops traffic between two such networks, so one tenant's app cannot dial
// another's container past Traefik. What that network is, as data.

export interface ProjectNetworks {
  /** The Traefik container control connects to every project's network, by name or ID. */
  traefikContainer: string;
  /** Where project networks' blocks come from. */
  pool: Subnet;
  /** The size of each project's block. */
  prefix: number;
}

/**
 * The host side of every project network's bridge starts with this, so host firewall rules
 * can name all of them, and none of Docker's other networks, with one `aeth-+` pattern.
 */
export const APP_BRIDGE_PREFIX = 'aeth-';

/** Per install, since two installs on one engine may in principle hold the same project ID. */
export function projectNetworkName(instance: string, projectId: string): string {
  return `${instance}-project-${projectId}`;
}

/** Linux names an interface in at most 15 characters: the prefix and 10 hex digits of the project ID. */
export function bridgeName(projectId: string): string {
  return `${APP_BRIDGE_PREFIX}${projectId.replaceAll('-', '').slice(0, 10)}`;
}

export function projectNetworkSpec(n: { instance: string; projectId: string; subnet: Subnet }): Docker.NetworkCreateOptions {
  return {
    Name: projectNetworkName(n.instance, n.projectId),
    // Docker otherwise makes a second network of the same name when two creations race.
    CheckDuplicate: true,
    Driver: 'bridge',
    Internal: false,
    Attachable: false,
    EnableIPv6: false,
    IPAM: { Driver: 'default', Config: [{ Subnet: formatSubnet(n.subnet) }] },
    Options: { 'com.docker.network.bridge.name': bridgeName(n.projectId) },
    Labels: { [AETHER_LABELS.instance]: n.instance, [AETHER_LABELS.project]: n.projectId },
  };
}

/** The smallest block that holds Traefik, `containers` deployments, and the network, gateway and broadcast addresses. */
export function smallestPrefixFor(containers: number): number {
  let prefix = 30;
  while (2 ** (32 - prefix) < containers + 4) prefix -= 1;
  return prefix;
}

/** Every block any network on the engine holds, Aether's or not: Docker refuses a new one that overlaps. */
export function subnetsInUse(networks: readonly Pick<Docker.NetworkInspectInfo, 'IPAM'>[]): Subnet[] {
  return networks.flatMap((n) => (n.IPAM?.Config ?? []).flatMap((c) => (c.Subnet === undefined ? [] : [reportedSubnet(c.Subnet)].filter((b) => b !== null))));
}

/** The block a new project network takes: the pool's first that no network on the engine overlaps. */
export function blockForNewNetwork(networks: readonly Pick<Docker.NetworkInspectInfo, 'IPAM'>[], { pool, prefix }: Pick<ProjectNetworks, 'pool' | 'prefix'>): Subnet {
  const subnet = freeSubnet(pool, prefix, subnetsInUse(networks));
  // Named for the admin, who widens the pool or lengthens the prefix.
  if (subnet === null) throw new Error(`no free /${prefix} is left in the project networks' pool (AETHER_APP_SUBNETS)`);
  return subnet;
}

export interface InstallNetwork {
  name: string;
  /** Empty when the network has lost its project label: it belongs to no live project then. */
  projectId: string;
}

/** This install's project networks as the engine lists them, with the project each belongs to. */
export function installNetworks(networks: readonly Pick<Docker.NetworkInspectInfo, 'Name' | 'Labels'>[]): InstallNetwork[] {
  return networks.map((n) => ({ name: n.Name, projectId: n.Labels?.[AETHER_LABELS.project] ?? '' }));
}

/** Traefik joins a project's network by this. */
export function traefikEndpoint(networks: ProjectNetworks): Docker.NetworkConnectOptions {
  return { Container: networks.traefikContainer };
}

/** Traefik leaves a network being removed even when it is stopped. */
export function traefikLeaving(networks: ProjectNetworks): { Container: string; Force: boolean } {
  return { Container: networks.traefikContainer, Force: true };
}
