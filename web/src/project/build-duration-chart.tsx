import { createEffect, onCleanup, onMount } from 'solid-js';
import type uPlot from 'uplot';
import type { DeploymentReply } from '../../../control/src/api/replies.js';
import { formatDuration } from '../lib/time-format.js';
import { buildDurationSeries } from './build-durations.js';

// How long the last builds took, as a small chart. uPlot is fetched when the chart is first
// shown, so the page's own chunk stays small.

const HEIGHT = 140;

const token = (name: string) => getComputedStyle(document.documentElement).getPropertyValue(name).trim();

export function BuildDurationChart(props: { deployments: DeploymentReply[] }) {
  let box!: HTMLDivElement;
  let plot: uPlot | undefined;
  let disposed = false;
  const resize = new ResizeObserver(() => plot?.setSize({ width: box.clientWidth, height: HEIGHT }));
  onCleanup(() => {
    disposed = true;
    resize.disconnect();
    plot?.destroy();
  });

  onMount(async () => {
    const [{ default: UPlot }] = await Promise.all([import('uplot'), import('uplot/dist/uPlot.min.css')]);
    // The page may have been left while uPlot loaded.
    if (disposed) return;
    const axis = { stroke: token('--muted'), grid: { stroke: token('--border') }, ticks: { stroke: token('--border') } };
    plot = new UPlot(
      {
        width: box.clientWidth,
        height: HEIGHT,
        legend: { show: false },
        cursor: { drag: { x: false, y: false } },
        scales: { y: { range: (_u, _min, max) => [0, Math.max(10, max * 1.15)] } },
        axes: [axis, { ...axis, values: (_u, ticks) => ticks.map((s) => `${s}s`) }],
        series: [{}, { label: 'Build', stroke: token('--accent'), width: 2, points: { show: true, size: 6, fill: token('--accent') } }],
      },
      buildDurationSeries(props.deployments),
      box,
    );
    resize.observe(box);
  });

  createEffect(() => {
    const data = buildDurationSeries(props.deployments);
    plot?.setData(data);
  });

  // The canvas says nothing to a screen reader: the same numbers, in words.
  const summary = () => `Build durations, oldest first: ${buildDurationSeries(props.deployments)[1].map((s) => formatDuration(s * 1000)).join(', ')}`;
  return <div ref={box} class="chart" role="img" aria-label={summary()} />;
}
