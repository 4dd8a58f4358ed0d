import { describe, expect, it } from 'vitest';
import type { StatsReading } from './container-sample.js';
import { samplingPlan, withReading } from './container-stats.js';

const now = Date.UTC(2026, 11, 6, 12);
const minutesAgo = (m: number) => now - m * 60_000;
const serving = [
  { deploymentId: 'd1', slug: 'blog' },
  { deploymentId: 'd2', slug: 'shop' },
  { deploymentId: 'd3', slug: 'docs' },
];

describe('which containers the charts read', () => {
  it('reads only serving containers someone looked at in the last ten minutes, and forgets older looks', () => {
    const watched = new Map([
      ['d1', minutesAgo(1)],
      ['d2', minutesAgo(10)],
      ['d3', minutesAgo(10) - 1],
      ['retired', minutesAgo(2)],
    ]);
    expect(samplingPlan(serving, watched, [], now)).toEqual({ read: [serving[0], serving[1]], unwatched: ['d3'], untracked: [] });
  });

  it('reads nothing while nobody looks, however many projects serve', () => {
    expect(samplingPlan(serving, new Map(), [], now)).toEqual({ read: [], unwatched: [], untracked: [] });
  });

  it('drops the figures of every deployment it no longer reads: unwatched, or no longer serving', () => {
    const watched = new Map([
      ['d1', minutesAgo(1)],
      ['d2', minutesAgo(2)],
      ['d3', minutesAgo(11)],
      ['retired', minutesAgo(1)],
    ]);
    expect(samplingPlan(serving, watched, ['d1', 'd2', 'd3', 'retired'], now).untracked).toEqual(['d3', 'retired']);
  });
});

describe('a container’s figures', () => {
  const reading = (second: number): StatsReading => ({
    read: new Date(Date.UTC(2026, 11, 6, 12, 0, second)).toISOString(),
    cpu_stats: { cpu_usage: { total_usage: second * 1e9 } },
    memory_stats: { usage: 1000, limit: 4000, stats: {} },
  });

  it('takes the first reading as the baseline of the next sample, without a sample of its own', () => {
    expect(withReading(undefined, reading(0))).toEqual({ last: reading(0), samples: [] });
  });

  it('makes each next reading a sample', () => {
    expect(withReading({ last: reading(0), samples: [] }, reading(10))).toEqual({
      last: reading(10),
      samples: [{ at: reading(10).read, cpuPercent: 100, memoryBytes: 1000, memoryLimitBytes: 4000 }],
    });
  });

  it('keeps the sixty newest samples, ten minutes of them', () => {
    let track = withReading(undefined, reading(0));
    for (let second = 10; second <= 610; second += 10) track = withReading(track, reading(second));
    expect(track.samples.map((s) => s.at)).toEqual(Array.from({ length: 60 }, (_, i) => reading(20 + i * 10).read));
  });

  it('keeps its samples past a reading that makes none, and takes that reading as the next baseline so no sample spans the gap', () => {
    const stopped = { ...reading(20), read: '0001-01-01T00:00:00Z' };
    const before = withReading(withReading(undefined, reading(0)), reading(10));
    expect(withReading(before, stopped)).toEqual({ last: stopped, samples: before.samples });
  });
});
