import type { Queue } from 'bullmq';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { BuildOutcome } from '../builds/build-events.js';
import type { RolloutOutcome } from '../deployments/platform.js';

// What control tells Prometheus. Each app gets a registry of its own rather than prom-client's
// global one, so that two apps in one process (tests) do not register the same metric twice.

export interface RequestLabels {
  method: string;
  /** The route's pattern, never the path: IDs in paths would make a series each. */
  route: string;
  status: number;
}

export interface ControlMetrics {
  registry: Registry;
  requestServed(labels: RequestLabels, seconds: number): void;
  buildFinished(outcome: BuildOutcome, ms: number): void;
  rolloutFinished(outcome: RolloutOutcome, ms: number): void;
}

/** BullMQ's states of a build that is waiting or running. */
const QUEUE_STATES = ['waiting', 'prioritized', 'delayed', 'active'] as const;

export function controlMetrics(queue: Pick<Queue, 'getJobCounts'>): ControlMetrics {
  const registry = new Registry();
  const registers = [registry];
  collectDefaultMetrics({ register: registry });
  const labelNames = ['method', 'route', 'status'] as const;
  const requests = new Counter({ name: 'aether_http_requests_total', help: 'HTTP requests answered', labelNames, registers });
  const requestSeconds = new Histogram({
    name: 'aether_http_request_duration_seconds',
    help: 'Time until the response started (a log stream counts until its first byte)',
    labelNames,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers,
  });
  const buildSeconds = new Histogram({
    name: 'aether_build_duration_seconds',
    help: 'Builds from start to end, by how they ended',
    labelNames: ['outcome'],
    buckets: [5, 15, 30, 60, 120, 300, 600, 900, 1800],
    registers,
  });
  const rolloutSeconds = new Histogram({
    name: 'aether_rollout_duration_seconds',
    help: 'Rollouts from starting the container to going live or giving up, by how they ended',
    labelNames: ['outcome'],
    buckets: [1, 2, 5, 10, 20, 30, 60, 120, 300],
    registers,
  });
  new Gauge({
    name: 'aether_build_queue_depth',
    help: 'Builds in the queue, by state',
    labelNames: ['state'],
    registers,
    // Read on each scrape: the queue lives in Redis and any control instance may have filled it.
    async collect() {
      const counts = await queue.getJobCounts(...QUEUE_STATES);
      for (const state of QUEUE_STATES) this.set({ state }, counts[state] ?? 0);
    },
  });
  return {
    registry,
    requestServed(labels, seconds) {
      requests.inc(labels);
      requestSeconds.observe(labels, seconds);
    },
    buildFinished: (outcome, ms) => buildSeconds.observe({ outcome }, ms / 1000),
    rolloutFinished: (outcome, ms) => rolloutSeconds.observe({ outcome }, ms / 1000),
  };
}
