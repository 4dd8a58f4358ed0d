import { existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';

// The engine's BuildKit ignores the build API's memory and CPU options, but it runs every build
// step under one cgroup, docker/buildkit, beside the app containers (docker/<id>). Limits set
// there hold all builds together: a heavy build cannot take the memory or the CPU apps need.

export interface BuildLimits {
  /** All builds together; null for no ceiling. */
  memoryBytes: number | null;
  /** All builds together, in cores; null for no quota. */
  cpus: number | null;
}

export interface CgroupWrite {
  /** Relative to the cgroup filesystem's root. */
  file: string;
  value: string;
}

const CPU_PERIOD_US = 100_000;

/** What to write for cgroup v1 or v2. Builds always yield CPU to apps when both want it. */
export function buildCgroupWrites(limits: BuildLimits, version: 1 | 2): CgroupWrite[] {
  const quota = limits.cpus === null ? null : Math.round(limits.cpus * CPU_PERIOD_US);
  if (version === 1) {
    return [
      { file: 'memory/docker/buildkit/memory.limit_in_bytes', value: limits.memoryBytes === null ? '-1' : String(limits.memoryBytes) },
      { file: 'cpu/docker/buildkit/cpu.cfs_period_us', value: String(CPU_PERIOD_US) },
      { file: 'cpu/docker/buildkit/cpu.cfs_quota_us', value: quota === null ? '-1' : String(quota) },
      // A container's default is 1024: under contention apps get four times the CPU builds do.
      { file: 'cpu/docker/buildkit/cpu.shares', value: '256' },
    ];
  }
  return [
    { file: 'docker/buildkit/memory.max', value: limits.memoryBytes === null ? 'max' : String(limits.memoryBytes) },
    { file: 'docker/buildkit/cpu.max', value: `${quota ?? 'max'} ${CPU_PERIOD_US}` },
    { file: 'docker/buildkit/cpu.weight', value: '25' },
  ];
}

/** Applies the limits under `cgroupRoot` (the host's /sys/fs/cgroup, or where it is mounted). */
export async function applyBuildLimits(cgroupRoot: string, limits: BuildLimits): Promise<void> {
  const version = existsSync(join(cgroupRoot, 'cgroup.controllers')) ? 2 : 1;
  for (const { file, value } of buildCgroupWrites(limits, version)) {
    await mkdir(dirname(join(cgroupRoot, file)), { recursive: true });
    await writeFile(join(cgroupRoot, file), value);
  }
}
