import { type Hostname, parseHostname } from './hostname.js';

// Every project answers on `<slug>.<apps domain>`; every deployment also on a host of its own,
// `<8 hex>--<slug>.<apps domain>`, for as long as its container runs. A slug never holds `--`
// and a deployment's label always does, right after its eight hex digits, so no slug is ever
// another project's deployment label and no two (deployment, slug) pairs share one: host names
// of different projects cannot collide, whatever slugs people pick.

/** Lower-case letters and digits in runs joined by single hyphens: never `--`, so never `xn--` punycode either. */
export const SLUG_PATTERN = /^[a-z0-9]+(-[a-z0-9]+)*$/;
/** A deployment's label, `<8 hex>--<slug>`, stays within DNS's 63 characters. */
export const SLUG_MAX_LENGTH = 63 - '01234567--'.length;

export function isSlug(value: string): boolean {
  return value.length <= SLUG_MAX_LENGTH && SLUG_PATTERN.test(value);
}

/** The first eight hex digits of the deployment's ID (a UUID's first group): short enough to read, enough to tell a project's deployments apart. */
export function shortId(deploymentId: string): string {
  return deploymentId.slice(0, 8);
}

/**
 * The name of a deployment's router, service and container, unique per deployment. Never a host:
 * it keeps the shape it had when hosts were `<8 hex>-<slug>`, so the containers running at an
 * upgrade and the route files pointing at their `<name>@docker` services stay in agreement.
 */
export function deploymentName(deploymentId: string, slug: string): string {
  return `${shortId(deploymentId)}-${slug}`;
}

export function productionHost(slug: string, appsDomain: string): Hostname {
  return parseHostname(`${slug}.${appsDomain}`);
}

/**
 * Where a browser opens a host Aether routes: with the dashboard's scheme and port, since one
 * Traefik entry point serves the dashboard and every app.
 */
export function hostUrl(host: Hostname, dashboardOrigin: string): string {
  const { protocol, port } = new URL(dashboardOrigin);
  return `${protocol}//${host}${port === '' ? '' : `:${port}`}`;
}

/** Where a browser opens the project. */
export function productionUrl(slug: string, appsDomain: string, dashboardOrigin: string): string {
  return hostUrl(productionHost(slug, appsDomain), dashboardOrigin);
}

export function deploymentHost(deploymentId: string, slug: string, appsDomain: string): Hostname {
  return parseHostname(`${shortId(deploymentId)}--${slug}.${appsDomain}`);
}

/** The slug whose production host would be the dashboard's: the dashboard's label when it sits right under the apps domain. */
export function dashboardSlug(dashboardHost: Hostname, appsDomain: string): string | null {
  const suffix = `.${appsDomain}`;
  if (!dashboardHost.endsWith(suffix)) return null;
  const label = dashboardHost.slice(0, -suffix.length);
  return label.includes('.') ? null : label;
}
