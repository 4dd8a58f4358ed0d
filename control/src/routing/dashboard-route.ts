import type { Hostname } from './hostname.js';
import { routers } from './production-routes.js';
import { HTTP_ENTRYPOINT, hostRule, type Tls } from './traefik-labels.js';

// The dashboard's route is control's own configuration, written at start-up for Traefik's file
// provider: labels in docker-compose.yml cannot depend on AETHER_HTTPS, a file can. With HTTPS
// the dashboard gets its own certificate (HTTP challenge), never the apps' wildcard, and plain
// HTTP redirects, as every other host does.

export interface DashboardRoute {
  host: Hostname;
  /** Where Traefik reaches control. */
  upstream: string;
  tls?: Tls;
}

export const DASHBOARD_ROUTES_FILE = 'dashboard.yml';
const NAME = 'aether-dashboard';

export function dashboardRoutes(route: DashboardRoute): { http: { routers: Record<string, unknown>; services: Record<string, unknown> } } {
  const target = { service: NAME, middlewares: [] };
  return {
    http: {
      routers:
        route.tls === undefined
          ? { [NAME]: { rule: hostRule([route.host]), ...target, entryPoints: [HTTP_ENTRYPOINT] } }
          : routers(NAME, [route.host], { kind: 'own', certResolver: route.tls.certResolver }, target),
      services: { [NAME]: { loadBalancer: { servers: [{ url: route.upstream }] } } },
    },
  };
}
