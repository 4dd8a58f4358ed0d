import type { Hostname } from './hostname.js';
import {
  headersMiddleware,
  hostRule,
  HTTP_ENTRYPOINT,
  HTTPS_ENTRYPOINT,
  HTTPS_REDIRECT_MIDDLEWARE,
  RETRY_MIDDLEWARE,
  type Tls,
} from './traefik-labels.js';

// A project's production host (and its custom domains) cannot live in a container's labels:
// labels are fixed for a container's life, and the host has to move from one container to the
// next. It lives in a file for Traefik's file provider, whose router points at the serving
// deployment's service from the Docker provider (`<name>@docker`). Moving the host is rewriting
// one file; the previous container keeps its own host and stops receiving the production one.

export interface ProductionRoute {
  slug: string;
  /** The production host first, then the verified custom domains. */
  hosts: readonly Hostname[];
  /** The route name (see deploymentName) of the deployment that serves them. */
  deployment: string;
  tls?: Tls;
}

export function routesFileName(slug: string): string {
  return `project-${slug}.yml`;
}

/** Traefik dynamic configuration: YAML is a superset of JSON, so this is written as JSON. */
export function productionRoutes(route: ProductionRoute): { http: { routers: Record<string, unknown> } } {
  if (route.hosts.length === 0) throw new Error(`project ${route.slug} has no production host`);
  const name = `${route.slug}-production`;
  const rule = hostRule(route.hosts);
  const service = `${route.deployment}@docker`;
  const serving = { rule, service, middlewares: [RETRY_MIDDLEWARE, headersMiddleware(route.deployment)] };
  if (route.tls === undefined) return { http: { routers: { [name]: { ...serving, entryPoints: [HTTP_ENTRYPOINT] } } } };
  return {
    http: {
      routers: {
        [name]: { ...serving, entryPoints: [HTTPS_ENTRYPOINT], tls: { certResolver: route.tls.certResolver } },
        [`${name}-http`]: { rule, service, entryPoints: [HTTP_ENTRYPOINT], middlewares: [HTTPS_REDIRECT_MIDDLEWARE] },
      },
    },
  };
}
