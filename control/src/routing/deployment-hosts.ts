import { type Hostname, parseHostname } from './hostname.js';

// Every project answers on `<slug>.<apps domain>`; every deployment also on a host of its own,
// `<deployment>-<slug>.<apps domain>`, for as long as its container runs.

/** Eight hex digits of the deployment's ID: short enough to read, enough to tell a project's deployments apart. */
export function shortId(deploymentId: string): string {
  return deploymentId.replaceAll('-', '').slice(0, 8);
}

/** The name of a deployment's router, service and container: a DNS label, unique per deployment. */
export function deploymentName(deploymentId: string, slug: string): string {
  return `${shortId(deploymentId)}-${slug}`;
}

export function productionHost(slug: string, appsDomain: string): Hostname {
  return parseHostname(`${slug}.${appsDomain}`);
}

export function deploymentHost(deploymentId: string, slug: string, appsDomain: string): Hostname {
  return parseHostname(`${deploymentName(deploymentId, slug)}.${appsDomain}`);
}
