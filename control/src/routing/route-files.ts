import { copyFile, mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { DASHBOARD_ROUTES_FILE, type DashboardRoute, dashboardRoutes } from './dashboard-route.js';
import { type ProductionRoute, productionRoutes, routesFileName } from './production-routes.js';

// The directory Traefik's file provider watches belongs to control: it holds the shared
// middlewares (copied from traefik/dynamic) and one file per project with its production routes.
// Traefik watches only that directory's top level, so everything goes there, flat.

// Beside this module in the source tree, and at dist/traefik/dynamic in the built image.
const SHARED = new URL('../../../traefik/dynamic/', import.meta.url).pathname;

/** Puts the configuration every route shares into `dir`; safe to run on every start. */
export async function installSharedRoutes(dir: string): Promise<void> {
  await mkdir(dir, { recursive: true });
  for (const file of await readdir(SHARED)) {
    if (file.endsWith('.yml')) await replace(join(dir, file), (tmp) => copyFile(join(SHARED, file), tmp));
  }
}

export async function writeProductionRoutes(dir: string, route: ProductionRoute): Promise<void> {
  await writeRoutes(join(dir, routesFileName(route.slug)), productionRoutes(route));
}

export async function writeDashboardRoutes(dir: string, route: DashboardRoute): Promise<void> {
  await writeRoutes(join(dir, DASHBOARD_ROUTES_FILE), dashboardRoutes(route));
}

async function writeRoutes(path: string, config: unknown): Promise<void> {
  const content = `${JSON.stringify(config, null, 2)}\n`;
  // The reconciler writes every project's routes every 30 s: a file left as it is spares Traefik
  // a reload of its whole configuration for nothing.
  if ((await readFile(path, 'utf8').catch(() => null)) === content) return;
  await replace(path, (tmp) => writeFile(tmp, content));
}

export async function removeProductionRoutes(dir: string, slug: string): Promise<void> {
  await rm(join(dir, routesFileName(slug)), { force: true });
}

// Written aside and renamed into place, so Traefik never reads half a file. It reads only
// .yml, .yaml and .toml files, so it ignores the one being written.
async function replace(path: string, write: (tmp: string) => Promise<void>): Promise<void> {
  const tmp = `${path}.partial`;
  await write(tmp);
  await rename(tmp, path);
}
