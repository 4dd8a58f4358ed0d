// Docker's stats of a container are counters and gauges read at one instant; a chart wants a rate.
// Two readings taken one interval apart make one sample: the CPU the container used between them,
// as a percentage of one core, and its memory at the second, counted as `docker stats` counts it.

/** The fields of a Docker stats reading (GET /containers/{id}/stats) a sample is made of. */
export interface StatsReading {
  /** When the engine read it; the zero time for a container that is not running. */
  read: string;
  cpu_stats: { cpu_usage: { total_usage: number } };
  memory_stats: { usage?: number; limit?: number; stats?: Record<string, number> };
}

export interface ContainerSample {
  /** When the second reading was taken (ISO 8601). */
  at: string;
  /** CPU used between the readings, in percent of one core: 150 is one core and a half. */
  cpuPercent: number;
  memoryBytes: number;
  /** The container's memory cap (the host's memory when it has none). */
  memoryLimitBytes: number;
}

/** One sample from two readings of a container; null when they make none (not running, restarted in between, out of order). */
export function containerSample(previous: StatsReading, current: StatsReading): ContainerSample | null {
  const elapsedNs = (Date.parse(current.read) - Date.parse(previous.read)) * 1e6;
  const usedNs = current.cpu_stats.cpu_usage.total_usage - previous.cpu_stats.cpu_usage.total_usage;
  const { usage, limit } = current.memory_stats;
  if (!(elapsedNs > 0) || usedNs < 0 || usage === undefined || limit === undefined || Date.parse(previous.read) <= 0) return null;
  return { at: current.read, cpuPercent: (usedNs / elapsedNs) * 100, memoryBytes: workingSet(usage, current.memory_stats.stats ?? {}), memoryLimitBytes: limit };
}

/** Memory in use less the page cache the kernel can drop at once, as `docker stats` shows it (cgroup v1, then v2). */
function workingSet(usage: number, stats: Record<string, number>): number {
  const inactive = stats.total_inactive_file ?? stats.inactive_file;
  return inactive !== undefined && inactive < usage ? usage - inactive : usage;
}
