import type { DeploymentReply, DeploymentStatsReply } from '../../../control/src/api/replies.js';

// The points of the live deployment's CPU and memory charts, as uPlot takes its data, and the
// same figures in words for the captions.

type Sample = DeploymentStatsReply['samples'][number];

/** How far back the charts look: as far as the server keeps samples. */
export const STATS_WINDOW_MS = 10 * 60_000;

const MIB = 1024 * 1024;
const seconds = (iso: string) => Date.parse(iso) / 1000;

/** The charts' x extent, in Unix seconds: the last ten minutes up to `now` (milliseconds). */
export function statsWindow(now: number): [number, number] {
  return [(now - STATS_WINDOW_MS) / 1000, now / 1000];
}

/** [when, in Unix seconds; CPU, in percent of one core]. */
export function cpuSeries(samples: readonly Sample[]): [number[], number[]] {
  return [samples.map((s) => seconds(s.at)), samples.map((s) => s.cpuPercent)];
}

/** [when, in Unix seconds; memory in use, in MiB; the container's limit, in MiB]. */
export function memorySeries(samples: readonly Sample[]): [number[], number[], number[]] {
  return [samples.map((s) => seconds(s.at)), samples.map((s) => s.memoryBytes / MIB), samples.map((s) => s.memoryLimitBytes / MIB)];
}

/** When each deployment went live inside the window, in Unix seconds, oldest first. */
export function liveMarkers(deployments: ReadonlyArray<Pick<DeploymentReply, 'readyAt'>>, [from, to]: [number, number]): number[] {
  return deployments
    .flatMap((d) => (d.readyAt === null ? [] : [seconds(d.readyAt)]))
    .filter((at) => at >= from && at <= to)
    .sort((a, b) => a - b);
}

/** `0.4 %`, `12 %`, `150 %`: a tenth only where it still tells something. */
export function formatPercent(percent: number): string {
  // Rounded first, so 9.96 reads `10 %`, never `10.0 %`.
  const tenths = Math.round(percent * 10) / 10;
  return `${tenths < 10 ? tenths.toFixed(1) : Math.round(percent)} %`;
}

/** `84 MiB`, `1.5 GiB`. */
export const formatMebibytes = (mib: number) => (mib < 1024 ? `${Math.round(mib)} MiB` : `${(mib / 1024).toFixed(1)} GiB`);

/** The newest CPU figure for a caption: `now 12 %`. */
export function latestCpu(samples: readonly Sample[]): string {
  const last = samples.at(-1);
  return last === undefined ? 'no figures yet' : `now ${formatPercent(last.cpuPercent)}`;
}

/** The newest memory figure for a caption: `now 84 MiB of 512 MiB`. */
export function latestMemory(samples: readonly Sample[]): string {
  const last = samples.at(-1);
  return last === undefined ? 'no figures yet' : `now ${formatMebibytes(last.memoryBytes / MIB)} of ${formatMebibytes(last.memoryLimitBytes / MIB)}`;
}

/** A chart's figures in words, for those who cannot see it: `lowest 1.0 %, highest 30 %`. */
export function spanInWords(values: readonly number[], format: (value: number) => string): string {
  if (values.length === 0) return 'No figures yet';
  return `lowest ${format(Math.min(...values))}, highest ${format(Math.max(...values))}`;
}
