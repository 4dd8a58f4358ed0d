import { AETHER_LABELS } from '../../../contract/aether-labels.js';
import { type Owner, ownedBy } from './engine-options.js';
import type { DeploymentStatus } from './status.js';

// What retire.ts stops and removes, decided from what the engine and the database show: data
// in, data out, so every rule is tested without an engine.

/** A deployment of the project that went live or is on its way, newest to go live first. */
export interface RetirementRow {
  id: string;
  status: DeploymentStatus;
  imageId: string | null;
}

/** The statuses retirement reads: a deployment that went live, or one still on its way. */
export const RETIREMENT_STATUSES = ['queued', 'building', 'deploying', 'ready'] as const satisfies readonly DeploymentStatus[];

export interface Keep {
  /** Deployments whose containers keep running, the serving one included. */
  running: number;
  /** Deployments whose images are kept for rollbacks. */
  images: number;
}

/** What a project keeps: the deployments whose containers run, those still on their way, and the images kept. */
export interface Kept {
  running: ReadonlySet<string>;
  coming: ReadonlySet<string>;
  images: ReadonlySet<string | null>;
}

export function keptDeployments(rows: readonly RetirementRow[], keep: Keep): Kept {
  const live = rows.filter((d) => d.status === 'ready');
  const comingRows = rows.filter((d) => d.status !== 'ready');
  const coming = new Set(comingRows.map((d) => d.id));
  return {
    running: new Set([...coming, ...live.slice(0, keep.running).map((d) => d.id)]),
    coming,
    // A rollback on its way runs an older deployment's image.
    images: new Set([...live.slice(0, keep.images), ...comingRows].map((d) => d.imageId)),
  };
}

export interface LabeledContainer {
  Id: string;
  State: string;
  Labels: Record<string, string>;
}

export interface ContainerRetirement {
  /** Containers to stop and remove. */
  stop: string[];
  /** One of them may have served production until a moment ago: its requests are let finish first. */
  drain: boolean;
}

/** The owner's containers that no kept deployment runs; another install's, even of a project of the same ID, stay. */
export function containersToRetire(containers: readonly LabeledContainer[], kept: Kept, owner: Owner): ContainerRetirement {
  const retired = containers.filter((c) => ownedBy(c.Labels, owner) && !kept.running.has(c.Labels[AETHER_LABELS.deployment] ?? ''));
  return { stop: retired.map((c) => c.Id), drain: retired.some((c) => c.State === 'running') };
}

export interface LabeledImage {
  Id: string;
  Labels?: Record<string, string> | null;
}

/** An image still being built, or kept, stays; an image a container still uses is refused by the engine, and stays too. */
export function imagesToRemove(images: readonly LabeledImage[], kept: Kept, owner: Owner): string[] {
  return images
    .filter((image) => ownedBy(image.Labels, owner) && !kept.coming.has(image.Labels?.[AETHER_LABELS.deployment] ?? '') && !kept.images.has(image.Id))
    .map((image) => image.Id);
}
