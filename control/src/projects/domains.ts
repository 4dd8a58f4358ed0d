import { randomBytes } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { domains, projects } from '../db/schema.js';
import { routeProduction } from '../deployments/production-route.js';
import type { Platform } from '../deployments/rollout.js';
import { parseHostname } from '../routing/hostname.js';

// A custom domain is routed only once its owner has proved control of its DNS, so nobody can
// point a name they do not own at their app and have Aether ask Let's Encrypt for it.

export type Domain = typeof domains.$inferSelect;

/** Why a domain was refused, for a 4xx naming the `hostname` field. */
export class DomainRefused extends Error {}

/** What answers DNS TXT queries: node:dns's Resolver in production. */
export interface TxtResolver {
  resolveTxt(name: string): Promise<string[][]>;
}

/** The TXT record that proves ownership of `hostname`. */
export function challengeName(hostname: string): string {
  return `_aether-challenge.${hostname}`;
}

export async function addDomain(platform: Platform, projectId: string, input: string): Promise<Domain> {
  const hostname = parseHostname(input);
  if (hostname === platform.appsDomain || hostname.endsWith(`.${platform.appsDomain}`)) {
    throw new DomainRefused(`${hostname} is under ${platform.appsDomain}, whose names Aether gives out itself`);
  }
  const [added] = await platform.db
    .insert(domains)
    .values({ projectId, hostname, verificationToken: randomBytes(16).toString('hex') })
    .onConflictDoNothing()
    .returning();
  if (added === undefined) throw new DomainRefused(`${hostname} is already added to a project`);
  return added;
}

/** Looks for the challenge record; once found, the domain is verified and routes to the project. */
export async function verifyDomain(platform: Platform, dns: TxtResolver, domainId: string): Promise<boolean> {
  const domain = await platform.db.query.domains.findFirst({ where: eq(domains.id, domainId) });
  if (domain === undefined) return false;
  const records = await dns.resolveTxt(challengeName(domain.hostname)).catch(() => []);
  if (!records.some((chunks) => chunks.join('') === domain.verificationToken)) return false;
  await platform.db.update(domains).set({ verifiedAt: new Date() }).where(eq(domains.id, domainId));
  await reroute(platform, domain.projectId);
  return true;
}

export async function removeDomain(platform: Platform, domainId: string): Promise<void> {
  const [removed] = await platform.db.delete(domains).where(eq(domains.id, domainId)).returning();
  if (removed !== undefined) await reroute(platform, removed.projectId);
}

async function reroute(platform: Platform, projectId: string): Promise<void> {
  await platform.locks.run(projectId, async () => {
    const project = await platform.db.query.projects.findFirst({ where: eq(projects.id, projectId) });
    if (project !== undefined) await routeProduction(platform, project, project.productionDeploymentId);
  });
}
