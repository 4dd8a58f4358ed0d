import { describe, expect, it } from 'vitest';
import { containerSample, type StatsReading } from './container-sample.js';

const reading = (read: string, cpuNs: number, memory: StatsReading['memory_stats'] = { usage: 100 * 2 ** 20, limit: 256 * 2 ** 20, stats: {} }): StatsReading => ({
  read,
  cpu_stats: { cpu_usage: { total_usage: cpuNs } },
  memory_stats: memory,
});

describe('containerSample', () => {
  it('gives the CPU used between two readings in percent of one core, and the memory at the second', () => {
    const sample = containerSample(reading('2026-01-01T00:00:00.000Z', 5e9), reading('2026-01-01T00:00:10.000Z', 20e9));
    expect(sample).toEqual({ at: '2026-01-01T00:00:10.000Z', cpuPercent: 150, memoryBytes: 100 * 2 ** 20, memoryLimitBytes: 256 * 2 ** 20 });
  });

  it('counts memory as docker stats does: without the inactive page cache, cgroup v1 or v2', () => {
    const first = reading('2026-01-01T00:00:00Z', 0);
    const v1 = { usage: 1000, limit: 4000, stats: { total_inactive_file: 300, inactive_file: 100 } };
    const v2 = { usage: 1000, limit: 4000, stats: { inactive_file: 100 } };
    expect(containerSample(first, reading('2026-01-01T00:00:10Z', 0, v1))!.memoryBytes).toBe(700);
    expect(containerSample(first, reading('2026-01-01T00:00:10Z', 0, v2))!.memoryBytes).toBe(900);
    expect(containerSample(first, reading('2026-01-01T00:00:10Z', 0, { usage: 1000, limit: 4000, stats: { inactive_file: 5000 } }))!.memoryBytes).toBe(1000);
    // All of it cache: docker stats subtracts only a cache smaller than the usage, and so shows the usage.
    expect(containerSample(first, reading('2026-01-01T00:00:10Z', 0, { usage: 1000, limit: 4000, stats: { inactive_file: 1000 } }))!.memoryBytes).toBe(1000);
  });

  it('makes no sample of a container that stopped, restarted in between, or readings out of order', () => {
    const before = reading('2026-01-01T00:00:00Z', 9e9);
    // A stopped container: the zero time, and no memory figures.
    expect(containerSample(before, reading('0001-01-01T00:00:00Z', 0, {}))).toBeNull();
    expect(containerSample(reading('0001-01-01T00:00:00Z', 0, {}), before)).toBeNull();
    // Its CPU counter started again from zero.
    expect(containerSample(before, reading('2026-01-01T00:00:10Z', 1e9))).toBeNull();
    expect(containerSample(reading('2026-01-01T00:00:10Z', 1e9), before)).toBeNull();
    expect(containerSample(before, before)).toBeNull();
  });
});
