import { setTimeout as sleep } from 'node:timers/promises';
import { isNotNull } from 'drizzle-orm';
import { projects } from '../db/schema.js';
import { containerName } from './container-spec.js';
import { containerSample, type ContainerSample, type StatsReading } from './container-sample.js';
import { STATS_ONCE } from './engine-options.js';
import type { Platform } from './platform.js';

// The CPU and memory of a project's production container over the last minutes, for the project
// page's charts. One loop per control instance reads, once an interval, the serving containers
// whose figures someone asked for in the last ten minutes, and keeps the samples in memory: they
// are recent figures to glance at, not records. Reading only what is watched keeps the engine's
// work proportional to the people looking, not to the number of projects the install hosts.

/** How often each container is read: ten minutes at this pace is sixty samples. */
export const STATS_INTERVAL_MS = 10_000;
const KEPT_SAMPLES = 60;
/** A deployment is read for this long after its figures were last asked for. */
const WATCH_MS = KEPT_SAMPLES * STATS_INTERVAL_MS;

export interface ContainerStats {
  /** How far apart the samples are. */
  intervalMs: number;
  /** The deployment's recent samples, oldest first; none unless it serves its project's production host. Asking keeps it read. */
  samples(deploymentId: string): ContainerSample[];
  /** Reads the watched production containers each interval until `signal` aborts. */
  run(signal: AbortSignal): Promise<void>;
}

/** A container's last reading, the baseline of its next sample, and its samples, oldest first. */
export interface Track {
  last: StatsReading;
  samples: ContainerSample[];
}

export interface ServingContainer {
  deploymentId: string;
  slug: string;
}

export interface SamplingPlan {
  /** The serving containers someone looked at in the last ten minutes. */
  read: ServingContainer[];
  /** Deployments whose watch has lapsed. */
  unwatched: string[];
  /** Tracks of deployments not read any more: they would only hold memory and stale figures. */
  untracked: string[];
}

export function samplingPlan(serving: readonly ServingContainer[], watched: ReadonlyMap<string, number>, tracked: Iterable<string>, now: number): SamplingPlan {
  const unwatched = [...watched].filter(([, at]) => now - at > WATCH_MS).map(([id]) => id);
  const read = serving.filter((row) => watched.has(row.deploymentId) && !unwatched.includes(row.deploymentId));
  const untracked = [...tracked].filter((id) => !read.some((row) => row.deploymentId === id));
  return { read, unwatched, untracked };
}

/** The track after one more reading: the first is only a baseline; the samples keep ten minutes' worth. */
export function withReading(track: Track | undefined, reading: StatsReading): Track {
  if (track === undefined) return { last: reading, samples: [] };
  const sample = containerSample(track.last, reading);
  return { last: reading, samples: sample === null ? track.samples : [...track.samples, sample].slice(-KEPT_SAMPLES) };
}

export function containerStats(platform: Pick<Platform, 'docker' | 'db'>, { intervalMs = STATS_INTERVAL_MS } = {}): ContainerStats {
  const tracks = new Map<string, Track>();
  /** When each deployment's figures were last asked for. */
  const watched = new Map<string, number>();

  async function read(deploymentId: string, slug: string): Promise<void> {
    const reading: StatsReading = await platform.docker.getContainer(containerName(deploymentId, slug)).stats(STATS_ONCE);
    tracks.set(deploymentId, withReading(tracks.get(deploymentId), reading));
  }

  async function sampleAll(): Promise<void> {
    const serving = await platform.db
      .select({ deploymentId: projects.productionDeploymentId, slug: projects.slug })
      .from(projects)
      .where(isNotNull(projects.productionDeploymentId));
    const plan = samplingPlan(serving as ServingContainer[], watched, tracks.keys(), Date.now());
    for (const id of plan.unwatched) watched.delete(id);
    for (const id of plan.untracked) tracks.delete(id);
    // A container that is gone or stopped has no figures; the reconciler is the one to bring it back.
    await Promise.allSettled(plan.read.map((row) => read(row.deploymentId, row.slug)));
  }

  return {
    intervalMs,
    samples(deploymentId) {
      watched.set(deploymentId, Date.now());
      return [...(tracks.get(deploymentId)?.samples ?? [])];
    },
    async run(signal) {
      while (!signal.aborted) {
        await sampleAll();
        await sleep(intervalMs, undefined, { signal }).catch(() => undefined);
      }
    },
  };
}
