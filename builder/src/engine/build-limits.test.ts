import { describe, expect, it } from 'vitest';
import { buildCgroupWrites } from './build-limits.js';

describe('buildCgroupWrites', () => {
  it('caps memory and CPU of all builds together on cgroup v1, and lowers their CPU share', () => {
    expect(buildCgroupWrites({ memoryBytes: 2 * 1024 ** 3, cpus: 1.5 }, 1)).toEqual([
      { file: 'memory/docker/buildkit/memory.limit_in_bytes', value: '2147483648' },
      { file: 'cpu/docker/buildkit/cpu.cfs_period_us', value: '100000' },
      { file: 'cpu/docker/buildkit/cpu.cfs_quota_us', value: '150000' },
      { file: 'cpu/docker/buildkit/cpu.shares', value: '256' },
    ]);
  });

  it('lifts the caps when none are set, keeping the lower share', () => {
    expect(buildCgroupWrites({ memoryBytes: null, cpus: null }, 1).map((w) => w.value)).toEqual(['-1', '100000', '-1', '256']);
  });

  it('writes the cgroup v2 equivalents', () => {
    expect(buildCgroupWrites({ memoryBytes: 1e9, cpus: 2 }, 2)).toEqual([
      { file: 'docker/buildkit/memory.max', value: '1000000000' },
      { file: 'docker/buildkit/cpu.max', value: '200000 100000' },
      { file: 'docker/buildkit/cpu.weight', value: '25' },
    ]);
    expect(buildCgroupWrites({ memoryBytes: null, cpus: null }, 2).map((w) => w.value)).toEqual(['max', 'max 100000', '25']);
  });
});
