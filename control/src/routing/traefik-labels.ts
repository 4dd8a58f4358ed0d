import type { Hostname } from './hostname.js';

// Traefik's Docker provider reads routes from container labels; these functions build those
// labels as plain data so they can be checked without Docker or Traefik.

export interface Route {
  /** Router and service name, unique among everything this Traefik sees. */
  name: string;
  hosts: readonly Hostname[];
  /** The port the app listens on inside its container. */
  port: number;
  /** The Docker network on which Traefik reaches the container. */
  network: string;
}

/** The plain-HTTP entrypoint in traefik/traefik.yml. */
export const HTTP_ENTRYPOINT = 'web';
/** Defined in traefik/dynamic/middlewares.yml: retries a request refused while a container goes. */
export const RETRY_MIDDLEWARE = 'aether-retry@file';

const routeName = /^[a-z0-9]([a-z0-9-]*[a-z0-9])?$/;

export function traefikLabels(route: Route): Record<string, string> {
  if (!routeName.test(route.name)) throw new Error(`route name ${JSON.stringify(route.name)} is not a DNS label`);
  if (route.hosts.length === 0) throw new Error(`route ${route.name} has no host`);
  if (!Number.isInteger(route.port) || route.port < 1 || route.port > 65535) {
    throw new Error(`route ${route.name} has port ${route.port}, not 1 to 65535`);
  }
  const router = `traefik.http.routers.${route.name}`;
  return {
    'traefik.enable': 'true',
    'traefik.docker.network': route.network,
    [`${router}.rule`]: route.hosts.map((host) => `Host(\`${host}\`)`).join(' || '),
    [`${router}.entrypoints`]: HTTP_ENTRYPOINT,
    [`${router}.middlewares`]: RETRY_MIDDLEWARE,
    [`${router}.service`]: route.name,
    [`traefik.http.services.${route.name}.loadbalancer.server.port`]: String(route.port),
  };
}
