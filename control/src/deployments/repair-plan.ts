import { AETHER_LABELS } from '../../../contract/aether-labels.js';
import { routesFileName } from '../routing/production-routes.js';
import { refusedImageLabel } from './image-labels.js';
import type { DeploymentStatus } from './status.js';

// What reconcile.ts repairs in a project, decided from what the engine and the database show:
// data in, data out, so every rule is tested without an engine.

/**
 * A rollout takes the project's lock within moments of its deployment turning `deploying`, in
 * whichever control instance started it, and holds it to the end; one waiting behind another
 * rollout keeps the lock from the reconciler too. So a deployment `deploying` for longer than
 * this, with the lock free, was left so by a crash.
 */
export const ROLLOUT_START_GRACE_MS = 15_000;

export interface RolloutRow {
  id: string;
  status: DeploymentStatus;
  createdAt: Date;
  buildFinishedAt: Date | null;
}

/**
 * How long after its build (or its rollback's request) a rollout a crash interrupted is taken up
 * again: a rollout lasts a minute or two, so one still `deploying` past this was cut short again
 * and again, or control was down meanwhile, and going live now would surprise its user.
 */
export const ROLLOUT_RESUME_MS = 10 * 60_000;

export const ROLLOUT_ABANDONED = `the rollout was cut short (control stopped, or lost its database) and not taken up again within ${ROLLOUT_RESUME_MS / 60_000} minutes of the build; the previous deployment kept serving`;

/** What becomes of the rollouts a crash interrupted: taken up again, oldest first, or failed. */
export interface InterruptedRollouts {
  resume: string[];
  fail: string[];
}

/** Deployments whose rollout a crash interrupted, read with the project's lock held. */
export function interruptedRollouts(rows: readonly RolloutRow[], now: Date): InterruptedRollouts {
  // A build's deployment turns `deploying` as the build ends; a rollback's as it is made.
  const age = (row: RolloutRow) => now.getTime() - (row.buildFinishedAt ?? row.createdAt).getTime();
  const interrupted = rows.filter((row) => row.status === 'deploying' && age(row) > ROLLOUT_START_GRACE_MS).sort((a, b) => age(b) - age(a));
  return {
    resume: interrupted.filter((row) => age(row) <= ROLLOUT_RESUME_MS).map((row) => row.id),
    fail: interrupted.filter((row) => age(row) > ROLLOUT_RESUME_MS).map((row) => row.id),
  };
}

/**
 * The projects with a container or an image of this install on the engine, from one listing of
 * each per pass: only those have containers to move or to retire. Asking the engine once per
 * project made a pass over a thousand projects cost thousands of engine calls.
 */
export function projectsOnTheEngine(found: { containers: readonly { Labels: Record<string, string> }[]; images: readonly { Labels?: Record<string, string> | null }[] }): Set<string> {
  const labelled = [...found.containers.map((c) => c.Labels), ...found.images.map((image) => image.Labels ?? {})];
  return new Set(labelled.flatMap((labels) => labels[AETHER_LABELS.project] ?? []));
}

/** What one pass knows of every project at once, read before the projects. */
export interface PassFacts {
  onTheEngine: ReadonlySet<string>;
  /** Projects with a deployment `deploying`. */
  deploying: ReadonlySet<string>;
  /** Names in the routes directory. */
  routeFiles: ReadonlySet<string>;
}

/**
 * Whether a pass has anything to repair in a project: one with no production, nothing on the
 * engine, no rollout on its way and no route file has none, and is not locked and read at all,
 * so a pass costs what the projects that run cost, not what every project ever made does.
 */
export function mayNeedRepair(project: { id: string; slug: string; productionDeploymentId: string | null }, facts: PassFacts): boolean {
  return (
    project.productionDeploymentId !== null ||
    facts.onTheEngine.has(project.id) ||
    facts.deploying.has(project.id) ||
    facts.routeFiles.has(routesFileName(project.slug))
  );
}

export interface ProjectContainer {
  Id: string;
  Labels: Record<string, string>;
  HostConfig: { NetworkMode?: string };
}

export interface LegacyContainer {
  containerId: string;
  /** The deployment to make it anew for; null when the container does not say. */
  deploymentId: string | null;
}

/**
 * Containers made before project networks (an install upgraded from such a version) share
 * `aether-apps` with every other tenant's and lack the hardening of container-spec.ts: each is
 * made anew from its image, on the project's network.
 */
export function legacyContainers(containers: readonly ProjectContainer[], projectNetwork: string): LegacyContainer[] {
  return containers
    .filter((c) => c.HostConfig.NetworkMode !== projectNetwork)
    .map((c) => ({ containerId: c.Id, deploymentId: c.Labels[AETHER_LABELS.deployment] ?? null }));
}

export interface ContainerOfImage {
  Id: string;
  ImageID: string;
  Labels: Record<string, string>;
}

/**
 * Containers made before Aether refused images that carry labels of their own (an install
 * upgraded from such a version) still route what their image's labels say: they go.
 * `imageLabels` holds the labels of each image still present.
 */
export function containersOfRefusedImages(
  containers: readonly ContainerOfImage[],
  imageLabels: ReadonlyMap<string, Readonly<Record<string, string>> | null>,
  instance: string,
): string[] {
  const refused = (c: ContainerOfImage) => refusedImageLabel(imageLabels.get(c.ImageID), { instance, projectId: c.Labels[AETHER_LABELS.project] ?? '' }) !== null;
  return containers.filter(refused).map((c) => c.Id);
}

/** How the production deployment's container stands. */
export type ProductionFacts =
  | { serving: false }
  | { serving: true; container: 'running' | 'stopped' }
  | { serving: true; container: 'absent'; imagePresent: boolean };

/**
 * What brings production back: leave its container running, start it, or make it anew from its
 * image, and route the host to it; or, with nothing to serve, route the host to nothing.
 */
export type ProductionRepair = 'keep' | 'start' | 'create' | 'unroute';

export function productionRepair(facts: ProductionFacts): ProductionRepair {
  if (!facts.serving) return 'unroute';
  if (facts.container === 'absent') return facts.imagePresent ? 'create' : 'unroute';
  return facts.container === 'running' ? 'keep' : 'start';
}

/** Every project's failure, thrown together once all were tried; null when every project was repaired. */
export function repairFailures(failures: readonly unknown[], projectCount: number): AggregateError | null {
  if (failures.length === 0) return null;
  return new AggregateError(failures, `${failures.length} of ${projectCount} projects could not be reconciled`);
}
