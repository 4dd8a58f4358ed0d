import type { DeploymentReply } from '../../../control/src/api/replies.js';

// The points of the build-duration chart: each build that finished, oldest first, as uPlot
// takes its data (one array of x, then one per series).

/** How many builds the chart shows: enough to see a trend, few enough to tell them apart. */
export const CHART_BUILDS = 30;

type Built = Pick<DeploymentReply, 'createdAt' | 'durations' | 'readyAt'>;

/**
 * [when each build was asked for, in Unix seconds; how long it built, in seconds; the same
 * seconds for the builds that went live and null for the others, so those points can stand out].
 */
export function buildDurationSeries(deployments: ReadonlyArray<Built>): [number[], number[], (number | null)[]] {
  const built = deployments
    .filter((d) => d.durations.buildMs !== null)
    .map((d) => ({ at: Date.parse(d.createdAt) / 1000, seconds: d.durations.buildMs! / 1000, wentLive: d.readyAt !== null }))
    .sort((a, b) => a.at - b.at)
    .slice(-CHART_BUILDS);
  return [built.map((b) => b.at), built.map((b) => b.seconds), built.map((b) => (b.wentLive ? b.seconds : null))];
}
