import { and, asc, eq, isNotNull } from 'drizzle-orm';
import { domains, type projects } from '../db/schema.js';
import { deploymentName, productionHost } from '../routing/deployment-hosts.js';
import { parseHostname } from '../routing/hostname.js';
import { removeProductionRoutes, writeProductionRoutes } from '../routing/route-files.js';
import type { RoutingPlatform } from './platform.js';

/** Points the project's production host and verified domains at a deployment, or takes them down when there is none. */
export async function routeProduction(platform: RoutingPlatform, project: typeof projects.$inferSelect, deploymentId: string | null): Promise<void> {
  if (deploymentId === null) return removeProductionRoutes(platform.routesDir, project.slug);
  await writeProductionRoutes(platform.routesDir, {
    slug: project.slug,
    host: productionHost(project.slug, platform.appsDomain),
    domains: await verifiedDomains(platform, project.id),
    deployment: deploymentName(deploymentId, project.slug),
    ...(platform.tls && { tls: platform.tls }),
  });
}

async function verifiedDomains(platform: RoutingPlatform, projectId: string) {
  const rows = await platform.db
    .select({ hostname: domains.hostname })
    .from(domains)
    .where(and(eq(domains.projectId, projectId), isNotNull(domains.verifiedAt)))
    .orderBy(asc(domains.hostname));
  return rows.map((row) => parseHostname(row.hostname));
}
