import type Docker from 'dockerode';
import { AETHER_LABELS } from '../../../contract/aether-labels.js';

// What Aether's calls to the engine find and what they take with them, as data: a filter that
// is too wide touches another install's or another project's objects, a removal that keeps
// volumes fills the disk.

/** This install's objects: one project's, or those of any project. */
export function installFilter(instance: string, projectId?: string): string {
  return JSON.stringify({ label: [`${AETHER_LABELS.instance}=${instance}`, projectId === undefined ? AETHER_LABELS.project : `${AETHER_LABELS.project}=${projectId}`] });
}

/** This install's containers of one deployment: an install restored from another's backup holds the same IDs. */
export function deploymentFilter(instance: string, deploymentId: string): string {
  return JSON.stringify({ label: [`${AETHER_LABELS.instance}=${instance}`, `${AETHER_LABELS.deployment}=${deploymentId}`] });
}

/** Whose an object on the engine is: the install that made it, and its project. */
export interface Owner {
  instance: string;
  projectId: string;
}

/**
 * Whether an object's labels name this install's project, as `installFilter` asks of a listing:
 * a plan checks it again, so that whatever a listing returns, another Aether's objects on the same
 * engine (a second install, a test stack) are never stopped or removed by this one.
 */
export function ownedBy(labels: Readonly<Record<string, string>> | null | undefined, owner: Owner): boolean {
  return labels?.[AETHER_LABELS.instance] === owner.instance && labels[AETHER_LABELS.project] === owner.projectId;
}

/** Stopped containers too: one that exited still holds its name and its volumes. */
export function everyContainer(filters: string): Docker.ContainerListOptions {
  return { all: true, filters };
}

/** Running or not, with its anonymous volumes: nothing an app wrote outlives its container. */
export const REMOVE_CONTAINER = { force: true, v: true } as const;

/** SIGTERM first, so an app that shuts down cleanly may; the engine kills it after 10 s. */
export const STOP_CONTAINER = { t: 10 } as const;

/** Even while a stopped container holds it or it carries more than one tag: its project is gone. */
export const REMOVE_PROJECT_IMAGE = { force: true } as const;

/** One reading, answered at once: without one-shot the engine waits a second for a reading of its own to compare. */
export const STATS_ONCE = { stream: false, 'one-shot': true } as const;
