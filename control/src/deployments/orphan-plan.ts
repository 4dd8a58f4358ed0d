import { routesFileName } from '../routing/production-routes.js';
import { AETHER_LABELS } from '../../../contract/aether-labels.js';
import { type Owner, ownedBy } from './engine-options.js';

// What reconcile.ts removes because its project no longer exists, decided from what the engine
// and the routes directory show against the projects the database holds: data in, data out.

export interface LiveProject {
  id: string;
  slug: string;
}

export interface Found {
  containers: readonly { Id: string; Labels: Record<string, string> }[];
  images: readonly { Id: string; Labels?: Record<string, string> | null }[];
  /** Names in the routes directory. */
  routeFiles: readonly string[];
}

export interface Orphans {
  containers: string[];
  images: string[];
  /** Slugs whose production route files go. */
  routes: string[];
}

const ROUTES_PREFIX = 'project-';

/** This install's containers, images and route files of projects that are not in `projects`. */
export function orphansOf(projects: readonly LiveProject[], found: Found): Orphans {
  const ids = new Set(projects.map((p) => p.id));
  const routeFiles = new Set(projects.map((p) => routesFileName(p.slug)));
  return {
    containers: found.containers.filter((c) => !ids.has(c.Labels[AETHER_LABELS.project] ?? '')).map((c) => c.Id),
    images: found.images.filter((image) => !ids.has(image.Labels?.[AETHER_LABELS.project] ?? '')).map((image) => image.Id),
    // Other files there (the dashboard's, the shared middlewares) are not a project's.
    routes: found.routeFiles.filter((file) => file.startsWith(ROUTES_PREFIX) && !routeFiles.has(file)).map((file) => file.slice(ROUTES_PREFIX.length, -'.yml'.length)),
  };
}

export interface Leftovers {
  containers: string[];
  images: string[];
}

/** What deleting the owner's project removes from the engine: its containers and images of this install, never another's. */
export function leftoversOf(owner: Owner, found: Pick<Found, 'containers' | 'images'>): Leftovers {
  return {
    containers: found.containers.filter((c) => ownedBy(c.Labels, owner)).map((c) => c.Id),
    images: found.images.filter((image) => ownedBy(image.Labels, owner)).map((image) => image.Id),
  };
}

export interface NetworkPlan {
  /** Networks of live projects: Traefik joins them (again). */
  join: string[];
  /** Networks of deleted projects. */
  remove: string[];
}

export function networkPlan(networks: readonly { name: string; projectId: string }[], liveProjectIds: ReadonlySet<string>): NetworkPlan {
  return {
    join: networks.filter((n) => liveProjectIds.has(n.projectId)).map((n) => n.name),
    remove: networks.filter((n) => !liveProjectIds.has(n.projectId)).map((n) => n.name),
  };
}
