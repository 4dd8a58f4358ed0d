import type Docker from 'dockerode';
import { AETHER_LABELS } from '../../../contract/aether-labels.js';
import { deploymentHost, deploymentName, shortId } from '../routing/deployment-hosts.js';
import type { projects } from '../db/schema.js';
import { appsHostTls, type Tls, traefikLabels } from '../routing/traefik-labels.js';
import { appResources } from './app-limits.js';
import type { ContainerPlatform } from './platform.js';

// What a deployment's container is, as data: dockerode creates exactly this, and tests read it.

/** The header through which control tells which deployment answered a request. */
export const DEPLOYMENT_HEADER = 'X-Aether-Deployment';

export interface DeploymentContainer {
  instance: string;
  deploymentId: string;
  projectId: string;
  slug: string;
  image: string;
  port: number;
  /** Decrypted variables: they exist only here and in the running container's environment. */
  env: Record<string, string>;
  appsDomain: string;
  /** The project's own network, shared with Traefik and nothing else. */
  network: string;
  memoryMb: number;
  cpus: number;
  tls?: Tls;
}

/**
 * What an ordinary app image needs of root's powers: changing file owners and modes, switching
 * to an unprivileged user, signalling its own processes, and binding a port below 1024. Docker's
 * defaults add raw sockets (NET_RAW: forged packets, ARP spoofing of the network's other
 * containers), mknod, chroot and others that a web app has no use for.
 */
export const APP_CAPABILITIES = ['CHOWN', 'DAC_OVERRIDE', 'FOWNER', 'FSETID', 'KILL', 'SETGID', 'SETUID', 'NET_BIND_SERVICE'] as const;

/** Processes and threads per app: far above what a web server runs, far below what starves the host. */
export const APP_PIDS_LIMIT = 1024;

export function containerName(deploymentId: string, slug: string): string {
  return `aether-${deploymentName(deploymentId, slug)}`;
}

/** A deployment's container on this install: its project's memory and CPU within the install's limits, and the install's HTTPS. */
export function deploymentContainer(
  platform: Pick<ContainerPlatform, 'instance' | 'appsDomain' | 'appLimits' | 'tls'>,
  project: Pick<typeof projects.$inferSelect, 'id' | 'slug' | 'settings'>,
  deploymentId: string,
  run: { image: string; port: number; env: Record<string, string>; network: string },
): DeploymentContainer {
  return {
    instance: platform.instance,
    deploymentId,
    projectId: project.id,
    slug: project.slug,
    ...run,
    appsDomain: platform.appsDomain,
    ...appResources(project.settings, platform.appLimits),
    ...(platform.tls && { tls: platform.tls }),
  };
}

export function containerSpec(d: DeploymentContainer): Docker.ContainerCreateOptions {
  const name = deploymentName(d.deploymentId, d.slug);
  return {
    name: containerName(d.deploymentId, d.slug),
    Image: d.image,
    // PORT last: the router sends traffic to this port whatever a user variable says.
    Env: Object.entries({ ...d.env, PORT: String(d.port) }).map(([key, value]) => `${key}=${value}`),
    Labels: {
      [AETHER_LABELS.instance]: d.instance,
      [AETHER_LABELS.project]: d.projectId,
      [AETHER_LABELS.deployment]: d.deploymentId,
      ...traefikLabels({
        name,
        hosts: [deploymentHost(d.deploymentId, d.slug, d.appsDomain)],
        port: d.port,
        network: d.network,
        responseHeaders: { [DEPLOYMENT_HEADER]: shortId(d.deploymentId) },
        ...(d.tls && { tls: appsHostTls(d.tls, 'deployment') }),
      }),
    },
    HostConfig: {
      NetworkMode: d.network,
      RestartPolicy: { Name: 'unless-stopped' },
      // A process that ignores SIGTERM (an app started by a shell) still stops, and zombies are reaped.
      Init: true,
      SecurityOpt: ['no-new-privileges'],
      CapDrop: ['ALL'],
      CapAdd: [...APP_CAPABILITIES],
      PidsLimit: APP_PIDS_LIMIT,
      LogConfig: { Type: 'json-file', Config: { 'max-size': '10m', 'max-file': '3' } },
      Memory: d.memoryMb * 1024 * 1024,
      // Equal to Memory: no swap beyond it, so the limit holds on a host with swap.
      MemorySwap: d.memoryMb * 1024 * 1024,
      NanoCpus: Math.round(d.cpus * 1e9),
    },
  };
}
