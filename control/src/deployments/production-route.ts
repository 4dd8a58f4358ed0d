import { asc, eq } from 'drizzle-orm';
import { domains, type projects } from '../db/schema.js';
import { deploymentName, productionHost } from '../routing/deployment-hosts.js';
import { parseHostname } from '../routing/hostname.js';
import type { ProductionRoute } from '../routing/production-routes.js';
import { removeProductionRoutes, writeProductionRoutes } from '../routing/route-files.js';
import type { RoutingPlatform } from './platform.js';

type Project = Pick<typeof projects.$inferSelect, 'slug'>;

/**
 * What the project's production route holds once `deploymentId` serves it: its host and the
 * domains DNS proved are the project's. A domain only claimed could be anyone's: routing it
 * would let a tenant take another's traffic by naming it first.
 */
export function productionRouteOf(
  platform: Pick<RoutingPlatform, 'appsDomain' | 'tls'>,
  project: Project,
  deploymentId: string,
  claimed: ReadonlyArray<{ hostname: string; verifiedAt: Date | null }>,
): ProductionRoute {
  return {
    slug: project.slug,
    host: productionHost(project.slug, platform.appsDomain),
    domains: claimed.filter((domain) => domain.verifiedAt !== null).map((domain) => parseHostname(domain.hostname)),
    deployment: deploymentName(deploymentId, project.slug),
    ...(platform.tls && { tls: platform.tls }),
  };
}

/** Points the project's production host and verified domains at a deployment, or takes them down when there is none. */
export async function routeProduction(platform: RoutingPlatform, project: typeof projects.$inferSelect, deploymentId: string | null): Promise<void> {
  if (deploymentId === null) return removeProductionRoutes(platform.routesDir, project.slug);
  const claimed = await platform.db
    .select({ hostname: domains.hostname, verifiedAt: domains.verifiedAt })
    .from(domains)
    .where(eq(domains.projectId, project.id))
    .orderBy(asc(domains.hostname));
  await writeProductionRoutes(platform.routesDir, productionRouteOf(platform, project, deploymentId, claimed));
}
