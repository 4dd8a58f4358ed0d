import { createEffect, onCleanup, onMount } from 'solid-js';
import type uPlot from 'uplot';

// The one small time chart of the project page. uPlot is fetched when a chart is first shown, so
// neither the initial chunk nor the page's own carries it. Colours are the theme's tokens, read
// each time the chart draws, so it follows the light and dark schemes.

const HEIGHT = 140;

const token = (name: string) => getComputedStyle(document.documentElement).getPropertyValue(name).trim();

/** A colour uPlot reads when it draws, instead of once when the chart is made. */
export const themed = (name: string) => () => token(name);

export interface ChartProps {
  /** The text alternative to the canvas: the same figures, in words. */
  label: string;
  /** x in Unix seconds, then one array per series. */
  data: uPlot.AlignedData;
  /** The series after x, in the order of `data`. */
  series: uPlot.Series[];
  /** How a value of the y axis reads (`42s`, `12 %`). */
  yValue: (value: number) => string;
  /** The y extent, from the data's own. */
  yRange: (min: number, max: number) => [number, number];
  /** The x extent, in Unix seconds; the data's own without it. */
  xRange?: [number, number];
  /** x values (Unix seconds) to draw a vertical line at. */
  markers?: number[];
}

export function Chart(props: ChartProps) {
  let box!: HTMLDivElement;
  let plot: uPlot | undefined;
  let disposed = false;
  const resize = new ResizeObserver(() => plot?.setSize({ width: box.clientWidth, height: HEIGHT }));
  const scheme = matchMedia('(prefers-color-scheme: dark)');
  const redraw = () => plot?.redraw(false);
  scheme.addEventListener('change', redraw);
  onCleanup(() => {
    disposed = true;
    resize.disconnect();
    scheme.removeEventListener('change', redraw);
    plot?.destroy();
  });

  onMount(async () => {
    const [{ default: UPlot }] = await Promise.all([import('uplot'), import('uplot/dist/uPlot.min.css')]);
    // The page may have been left while uPlot loaded.
    if (disposed) return;
    plot = new UPlot(options(props, HEIGHT, box.clientWidth), props.data, box);
    resize.observe(box);
  });

  createEffect(() => {
    const data = props.data;
    // Read here so a new window or new markers alone also draw again.
    void props.xRange;
    void props.markers;
    plot?.setData(data);
  });

  return <div ref={box} class="chart" role="img" aria-label={props.label} />;
}

function options(props: ChartProps, height: number, width: number): uPlot.Options {
  const axis = { stroke: themed('--muted'), grid: { stroke: themed('--border') }, ticks: { stroke: themed('--border') } };
  return {
    width,
    height,
    legend: { show: false },
    cursor: { drag: { x: false, y: false } },
    scales: {
      // Props are read when uPlot asks, so each new window applies.
      x: { time: true, range: (_u, min, max) => props.xRange ?? [min, max] },
      y: { range: (_u, min, max) => props.yRange(min, max) },
    },
    // Wide enough for `1000 MiB`.
    axes: [axis, { ...axis, size: 64, values: (_u, ticks) => ticks.map(props.yValue) }],
    series: [{}, ...props.series],
    hooks: { draw: [(u) => drawMarkers(u, props.markers ?? [])] },
  };
}

/** A dashed vertical line at each marker inside the plot. */
function drawMarkers(u: uPlot, markers: number[]): void {
  const { ctx, bbox } = u;
  ctx.save();
  ctx.strokeStyle = token('--ok');
  ctx.lineWidth = devicePixelRatio;
  ctx.setLineDash([4 * devicePixelRatio, 3 * devicePixelRatio]);
  ctx.beginPath();
  for (const marker of markers) {
    const x = Math.round(u.valToPos(marker, 'x', true));
    if (x < bbox.left || x > bbox.left + bbox.width) continue;
    ctx.moveTo(x, bbox.top);
    ctx.lineTo(x, bbox.top + bbox.height);
  }
  ctx.stroke();
  ctx.restore();
}
