import type { Hostname } from './hostname.js';

// Traefik's Docker provider reads routes from container labels; these functions build those
// labels as plain data so they can be checked without Docker or Traefik.

export interface Route {
  /** Router, service and middleware name, unique among everything this Traefik sees. */
  name: string;
  hosts: readonly Hostname[];
  /** The port the app listens on inside its container. */
  port: number;
  /** The Docker network on which Traefik reaches the container. */
  network: string;
  /** Headers added to every response this container gives through Traefik. */
  responseHeaders?: Record<string, string>;
  /** HTTPS with this certificate, and plain HTTP redirected to it; plain HTTP only when absent. */
  tls?: RouterTls;
}

/**
 * Where a router's certificate comes from. Let's Encrypt counts certificates per registered
 * domain and week, so only names that need one of their own ask for it: a host under the apps
 * domain shares one wildcard certificate when a DNS challenge can get it, and otherwise a
 * deployment's host asks for nothing and is served with Traefik's default certificate.
 */
export type RouterTls =
  /** A certificate for the router's own hosts from this ACME resolver (HTTP challenge). */
  | { kind: 'own'; certResolver: string }
  /** The one `*.<apps domain>` certificate, from a resolver with a DNS challenge. */
  | { kind: 'wildcard'; certResolver: string; domain: Hostname }
  /** No request to any CA: Traefik's default certificate (self-signed unless the admin sets one). */
  | { kind: 'default' };

/** HTTPS as control is configured for it: resolvers named in Traefik's static configuration. */
export interface Tls {
  /** HTTP challenge: the dashboard, custom domains, and project hosts when there is no wildcard. */
  certResolver: string;
  /** DNS challenge for `*.<apps domain>`, when a DNS provider is configured. */
  wildcard?: { certResolver: string; domain: Hostname };
}

/** The certificate of a host under the apps domain: a project's or a deployment's. */
export function appsHostTls(tls: Tls, kind: 'project' | 'deployment'): RouterTls {
  if (tls.wildcard !== undefined) return { kind: 'wildcard', ...tls.wildcard };
  return kind === 'project' ? { kind: 'own', certResolver: tls.certResolver } : { kind: 'default' };
}

/** A router's `tls` option as Traefik's dynamic configuration names it. */
export function tlsOption(tls: RouterTls): Record<string, unknown> {
  if (tls.kind === 'default') return {};
  if (tls.kind === 'own') return { certResolver: tls.certResolver };
  return { certResolver: tls.certResolver, domains: [{ main: `*.${tls.domain}` }] };
}

/** The entrypoints of Traefik's static configuration (the traefik service in docker-compose.yml). */
export const HTTP_ENTRYPOINT = 'web';
export const HTTPS_ENTRYPOINT = 'websecure';
/** Certificate resolvers of Traefik's static configuration: one certificate per host by HTTP challenge, and the apps' wildcard by DNS challenge. */
export const CERT_RESOLVER = 'letsencrypt';
export const WILDCARD_CERT_RESOLVER = 'letsencrypt-wildcard';
/** Defined in traefik/dynamic/middlewares.yml: retries a request refused while a container goes. */
export const RETRY_MIDDLEWARE = 'aether-retry@file';
/** Defined in traefik/dynamic/middlewares.yml: sends plain HTTP to HTTPS. */
export const HTTPS_REDIRECT_MIDDLEWARE = 'aether-https@file';

/**
 * A router's settings for plain HTTP or HTTPS, as Traefik's option names. With HTTPS, a second
 * router on the plain-HTTP entrypoint (`<name>-http`) only redirects.
 */
export function routerSettings(name: string, tls: RouterTls | undefined): Record<string, Record<string, string>> {
  if (tls === undefined) return { [name]: { entrypoints: HTTP_ENTRYPOINT } };
  return {
    [name]: { entrypoints: HTTPS_ENTRYPOINT, ...tlsLabels(tls) },
    [`${name}-http`]: { entrypoints: HTTP_ENTRYPOINT, middlewares: HTTPS_REDIRECT_MIDDLEWARE },
  };
}

function tlsLabels(tls: RouterTls): Record<string, string> {
  if (tls.kind === 'default') return { tls: 'true' };
  if (tls.kind === 'own') return { 'tls.certresolver': tls.certResolver };
  return { 'tls.certresolver': tls.certResolver, 'tls.domains[0].main': `*.${tls.domain}` };
}

const routeName = /^[a-z0-9]([a-z0-9-]*[a-z0-9])?$/;
const headerName = /^[A-Za-z0-9-]+$/;

/** The middleware a route's labels define for its response headers, as other providers name it. */
export function headersMiddleware(routeName: string): string {
  return `${routeName}-headers@docker`;
}

export function traefikLabels(route: Route): Record<string, string> {
  checkRoute(route);
  const headers = Object.entries(route.responseHeaders ?? {});
  const middleware = `traefik.http.middlewares.${route.name}-headers.headers.customresponseheaders`;
  const routers = routerSettings(route.name, route.tls);
  routers[route.name]!.middlewares = [RETRY_MIDDLEWARE, ...(headers.length > 0 ? [headersMiddleware(route.name)] : [])].join(',');
  const labels: Record<string, string> = {
    'traefik.enable': 'true',
    'traefik.docker.network': route.network,
    [`traefik.http.services.${route.name}.loadbalancer.server.port`]: String(route.port),
    ...Object.fromEntries(headers.map(([name, value]) => [`${middleware}.${name}`, value])),
  };
  for (const [router, settings] of Object.entries(routers)) {
    const prefix = `traefik.http.routers.${router}`;
    labels[`${prefix}.rule`] = hostRule(route.hosts);
    labels[`${prefix}.service`] = route.name;
    for (const [option, value] of Object.entries(settings)) labels[`${prefix}.${option}`] = value;
  }
  return labels;
}

export function hostRule(hosts: readonly Hostname[]): string {
  return hosts.map((host) => `Host(\`${host}\`)`).join(' || ');
}

function checkRoute(route: Route): void {
  if (!routeName.test(route.name)) throw new Error(`route name ${JSON.stringify(route.name)} is not a DNS label`);
  if (route.hosts.length === 0) throw new Error(`route ${route.name} has no host`);
  if (!Number.isInteger(route.port) || route.port < 1 || route.port > 65535) {
    throw new Error(`route ${route.name} has port ${route.port}, not 1 to 65535`);
  }
  for (const name of Object.keys(route.responseHeaders ?? {})) {
    if (!headerName.test(name)) throw new Error(`route ${route.name} has header ${JSON.stringify(name)}, not a header name`);
  }
}
