import type { DeploymentReply } from '../../../control/src/api/replies.js';
import { formatDuration } from '../lib/time-format.js';
import { buildDurationSeries } from './build-durations.js';
import { Chart, themed } from './chart.jsx';

// How long the last builds took: a hollow point for each build, filled for those that went live.

const points = (fill: string) => ({ show: true, size: 7, width: 2, stroke: themed('--accent'), fill: themed(fill) });

const series = [
  { label: 'Build', stroke: themed('--accent'), width: 2, points: points('--surface') },
  // Points only, over the line's own: no path of its own.
  { label: 'Went live', stroke: themed('--accent'), paths: () => null, points: points('--accent') },
];

export function BuildDurationChart(props: { deployments: DeploymentReply[] }) {
  const data = () => buildDurationSeries(props.deployments);
  // The canvas says nothing to a screen reader: the same numbers, in words.
  const label = () => {
    const [, seconds, live] = data();
    return `Build durations, oldest first: ${seconds.map((s, i) => `${formatDuration(s * 1000)}${live[i] === null ? '' : ' (went live)'}`).join(', ')}`;
  };
  return <Chart label={label()} data={data()} series={series} yValue={(s) => `${s}s`} yRange={(_min, max) => [0, Math.max(10, max * 1.15)]} />;
}
