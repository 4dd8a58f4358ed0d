import { describe, expect, it } from 'vitest';
import { controlMetrics } from './metrics.js';

// BullMQ's queue stands in as the one method the gauge reads; everything else is prom-client's own.
const queue = (counts: Record<string, number>) => ({ getJobCounts: async () => counts });

describe('control metrics', () => {
  it('records builds and rollouts by outcome, in seconds', async () => {
    const metrics = controlMetrics(queue({}));
    metrics.buildFinished('built', 42_000);
    metrics.buildFinished('failed', 3_000);
    metrics.rolloutFinished('ready', 4_500);
    const text = await metrics.registry.metrics();
    expect(text).toContain('aether_build_duration_seconds_sum{outcome="built"} 42');
    expect(text).toContain('aether_build_duration_seconds_count{outcome="failed"} 1');
    expect(text).toContain('aether_build_duration_seconds_bucket{le="60",outcome="built"} 1');
    expect(text).toContain('aether_rollout_duration_seconds_sum{outcome="ready"} 4.5');
  });

  it('reads the queue depth on each scrape', async () => {
    const counts = { waiting: 2, prioritized: 0, delayed: 1, active: 1 };
    const metrics = controlMetrics(queue(counts));
    expect(await metrics.registry.metrics()).toContain('aether_build_queue_depth{state="waiting"} 2');
    counts.waiting = 5;
    const text = await metrics.registry.metrics();
    expect(text).toContain('aether_build_queue_depth{state="waiting"} 5');
    expect(text).toContain('aether_build_queue_depth{state="active"} 1');
  });

  it('keeps each registry to itself, so several apps can live in one process', async () => {
    const one = controlMetrics(queue({}));
    const two = controlMetrics(queue({}));
    one.requestServed({ method: 'GET', route: '/healthz', status: 200 }, 0.01);
    expect(await one.registry.metrics()).toContain('aether_http_requests_total{method="GET",route="/healthz",status="200"} 1');
    expect(await two.registry.metrics()).not.toContain('aether_http_requests_total{');
    expect(await two.registry.metrics()).toContain('process_cpu_user_seconds_total');
  });
});
