import { randomBytes } from 'node:crypto';
import { and, asc, eq, ne, sql } from 'drizzle-orm';
import { Refusal } from '../../../shared/refusal.js';
import type { Database } from '../db/database.js';
import { domains, projects } from '../db/schema.js';
import { routeProduction } from '../deployments/production-route.js';
import type { Platform, RoutingPlatform } from '../deployments/platform.js';
import { type Hostname, isAtOrUnder, parseHostname } from '../routing/hostname.js';

// A custom domain is routed only once its owner has proved control of its DNS, so nobody can
// point a name they do not own at their app and have Aether ask Let's Encrypt for it. Any
// project may claim a name, so a claim nobody proves blocks no one: the project that proves it
// holds it, and every other claim of the name, proved before or not, goes. DNS says who controls
// a name now, and a name that changed hands follows its new owner.

export type Domain = typeof domains.$inferSelect;

/** Domains are rows, and the routes of their projects rewritten under each project's lock. */
type DomainPlatform = RoutingPlatform & Pick<Platform, 'locks'>;

/** Why a domain was refused, for a 4xx naming the `hostname` field. */
export class DomainRefused extends Refusal {
  constructor(message: string) {
    super(400, message, 'hostname');
  }
}

/** What answers DNS TXT queries: node:dns's Resolver in production. */
export interface TxtResolver {
  resolveTxt(name: string): Promise<string[][]>;
}

/** The project's custom domains, by host name. */
export function projectDomains(db: Database, projectId: string): Promise<Domain[]> {
  return db.select().from(domains).where(eq(domains.projectId, projectId)).orderBy(asc(domains.hostname));
}

/** The project's domain of this ID, or undefined. */
export function projectDomain(db: Database, projectId: string, domainId: string): Promise<Domain | undefined> {
  return db.query.domains.findFirst({ where: and(eq(domains.id, domainId), eq(domains.projectId, projectId)) });
}

/** The TXT record that proves ownership of `hostname`. */
export function challengeName(hostname: string): string {
  return `_aether-challenge.${hostname}`;
}

/**
 * Why a name can never be a tenant's custom domain, or null: names at or under the apps domain
 * are Aether's to give out (one is another project's host), and the dashboard's host and the
 * names under it are the dashboard's. Its DNS proves nothing here: the one who runs Aether controls it.
 */
export function reservedDomain(hostname: Hostname, reserved: { appsDomain: string; dashboardHost: Hostname }): string | null {
  if (isAtOrUnder(hostname, reserved.dashboardHost)) return `${hostname} is the dashboard's own host or under it`;
  if (isAtOrUnder(hostname, reserved.appsDomain)) return `${hostname} is under ${reserved.appsDomain}, whose names Aether gives out itself`;
  return null;
}

export async function addDomain(platform: DomainPlatform, projectId: string, input: string, dashboardHost: Hostname): Promise<Domain> {
  const hostname = parseHostname(input);
  const reason = reservedDomain(hostname, { appsDomain: platform.appsDomain, dashboardHost });
  if (reason !== null) throw new DomainRefused(reason);
  const [added] = await platform.db
    .insert(domains)
    .values({ projectId, hostname, verificationToken: randomBytes(16).toString('hex') })
    .onConflictDoNothing()
    .returning();
  if (added === undefined) throw new DomainRefused(`${hostname} is already added to this project`);
  return added;
}

/** The first half of the lock's key: this kind of lock, apart from any other advisory lock. */
export const DOMAIN_LOCKS = 0x646f6d61;

/**
 * Looks for the challenge record; once found, the domain is verified and routes to the project,
 * and other projects' claims of the name are removed (and their routes, where they held it).
 */
export async function verifyDomain(platform: DomainPlatform, dns: TxtResolver, domainId: string): Promise<boolean> {
  const domain = await platform.db.query.domains.findFirst({ where: eq(domains.id, domainId) });
  if (domain === undefined) return false;
  const records = await dns.resolveTxt(challengeName(domain.hostname)).catch(() => []);
  if (!records.some((chunks) => chunks.join('') === domain.verificationToken)) return false;
  const displaced = await platform.db.transaction(async (tx) => {
    // Two projects proving one name at once are taken in turn; the second wins, as DNS said last.
    await tx.execute(sql`SELECT pg_advisory_xact_lock(${DOMAIN_LOCKS}, hashtext(${domain.hostname}))`);
    const others = await tx.delete(domains).where(and(eq(domains.hostname, domain.hostname), ne(domains.id, domain.id))).returning();
    const [verified] = await tx.update(domains).set({ verifiedAt: new Date() }).where(eq(domains.id, domainId)).returning();
    return verified === undefined ? undefined : others;
  });
  if (displaced === undefined) return false;
  for (const other of displaced.filter((claim) => claim.verifiedAt !== null)) await reroute(platform, other.projectId);
  await reroute(platform, domain.projectId);
  return true;
}

export async function removeDomain(platform: DomainPlatform, domainId: string): Promise<void> {
  const [removed] = await platform.db.delete(domains).where(eq(domains.id, domainId)).returning();
  if (removed !== undefined) await reroute(platform, removed.projectId);
}

async function reroute(platform: DomainPlatform, projectId: string): Promise<void> {
  await platform.locks.run(projectId, async () => {
    const project = await platform.db.query.projects.findFirst({ where: eq(projects.id, projectId) });
    if (project !== undefined) await routeProduction(platform, project, project.productionDeploymentId);
  });
}
