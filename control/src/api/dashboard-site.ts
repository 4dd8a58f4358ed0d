import { type Hostname, isAtOrUnder, parseHostname } from '../routing/hostname.js';

// Where browsers reach the dashboard decides what its cookies can be. A `__Host-` cookie is one
// only its own host can set, with no Domain, so an app on a sibling or child host can neither
// plant nor shadow the session. Browsers take it over HTTPS, and on localhost, which they treat
// as secure; over plain HTTP elsewhere nothing stops a neighbour's cookie, so no app may run
// where it could set one (see appsShareCookies).

export interface DashboardSite {
  /** The exact origin the dashboard is served from: a cookie-authenticated write comes from it or is refused. */
  origin: string;
  host: Hostname;
  cookies: CookieScope;
}

export type CookieScope = { prefix: 'host'; secure: true } | { prefix?: never; secure: false };

export function dashboardSite(publicUrl: string): DashboardSite {
  const url = new URL(publicUrl);
  const host = parseHostname(url.hostname);
  const secure = url.protocol === 'https:' || host === 'localhost' || host.endsWith('.localhost');
  return { origin: url.origin, host, cookies: secure ? { prefix: 'host', secure: true } : { secure: false } };
}

/**
 * Whether an app under `appsDomain` can set a cookie the dashboard receives: an app may set one
 * for its own host or any parent short of a public suffix, and the dashboard receives those of
 * its host and its parents. So any shared name counts: the dashboard at or under the apps
 * domain, or the apps domain at or under a parent of the dashboard. Without the public suffix
 * list a parent of two labels counts too, which refuses more (`a.co.uk` beside `b.co.uk`), never less.
 */
export function appsShareCookies(dashboardHost: Hostname, appsDomain: string): boolean {
  if (isAtOrUnder(dashboardHost, appsDomain)) return true;
  const labels = dashboardHost.split('.');
  return labels.slice(0, -1).some((_, i) => isAtOrUnder(appsDomain, labels.slice(i).join('.')));
}
