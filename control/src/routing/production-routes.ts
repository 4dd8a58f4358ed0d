import type { Hostname } from './hostname.js';
import {
  appsHostTls,
  headersMiddleware,
  hostRule,
  HTTP_ENTRYPOINT,
  HTTPS_ENTRYPOINT,
  HTTPS_REDIRECT_MIDDLEWARE,
  RETRY_MIDDLEWARE,
  type RouterTls,
  type Tls,
  tlsOption,
} from './traefik-labels.js';

// A project's production host (and its custom domains) cannot live in a container's labels:
// labels are fixed for a container's life, and the host has to move from one container to the
// next. It lives in a file for Traefik's file provider, whose router points at the serving
// deployment's service from the Docker provider (`<name>@docker`). Moving the host is rewriting
// one file; the previous container keeps its own host and stops receiving the production one.

export interface ProductionRoute {
  slug: string;
  /** `<slug>.<apps domain>`. */
  host: Hostname;
  /** The verified custom domains. */
  domains: readonly Hostname[];
  /** The route name (see deploymentName) of the deployment that serves them. */
  deployment: string;
  tls?: Tls;
}

export function routesFileName(slug: string): string {
  return `project-${slug}.yml`;
}

type Routers = Record<string, Record<string, unknown>>;

/** Traefik dynamic configuration: YAML is a superset of JSON, so this is written as JSON. */
export function productionRoutes(route: ProductionRoute): { http: { routers: Routers } } {
  const service = `${route.deployment}@docker`;
  const middlewares = [RETRY_MIDDLEWARE, headersMiddleware(route.deployment)];
  const name = `${route.slug}-production`;
  if (route.tls === undefined) {
    return { http: { routers: { [name]: { rule: hostRule([route.host, ...route.domains]), service, middlewares, entryPoints: [HTTP_ENTRYPOINT] } } } };
  }
  // The project's host and its custom domains take certificates from different places, and a
  // router has one `tls`: one router each.
  return {
    http: {
      routers: {
        ...routers(name, [route.host], appsHostTls(route.tls, 'project'), { service, middlewares }),
        ...(route.domains.length > 0 && routers(`${route.slug}-domains`, route.domains, { kind: 'own', certResolver: route.tls.certResolver }, { service, middlewares })),
      },
    },
  };
}

/** A router on the HTTPS entrypoint, and its twin on plain HTTP that only redirects to it. */
export function routers(name: string, hosts: readonly Hostname[], tls: RouterTls, target: { service: string; middlewares: string[] }): Routers {
  const rule = hostRule(hosts);
  return {
    [name]: { rule, ...target, entryPoints: [HTTPS_ENTRYPOINT], tls: tlsOption(tls) },
    [`${name}-http`]: { rule, service: target.service, entryPoints: [HTTP_ENTRYPOINT], middlewares: [HTTPS_REDIRECT_MIDDLEWARE] },
  };
}
