import { createEffect, createSignal, on, onCleanup, Show } from 'solid-js';
import type { DeploymentReply, DeploymentStatsReply } from '../../../control/src/api/replies.js';
import { api, messageOf } from '../api/client.js';
import { Chart, themed } from './chart.jsx';
import { cpuSeries, formatMebibytes, formatPercent, latestCpu, latestMemory, liveMarkers, memorySeries, spanInWords, statsWindow } from './resource-series.js';

// The live deployment's CPU and memory over the last ten minutes, fetched again each time the
// server takes a sample, while the page is in view: a hidden tab asks for nothing.

/** Until the first answer says how often the server samples. */
const FIRST_INTERVAL_MS = 10_000;

const cpuLine = [{ label: 'CPU', stroke: themed('--accent'), width: 2 }];
const memoryLines = [
  { label: 'Memory', stroke: themed('--accent'), width: 2 },
  { label: 'Limit', stroke: themed('--muted'), width: 1 },
];

export function LiveResources(props: { projectId: string; deploymentId: string; deployments: DeploymentReply[] }) {
  const { stats, span, error } = pollStats(() => `/projects/${props.projectId}/deployments/${props.deploymentId}/stats`);
  const samples = () => stats()?.samples ?? [];
  const markers = () => liveMarkers(props.deployments, span());
  const cpu = () => cpuSeries(samples());
  const memory = () => memorySeries(samples());

  return (
    <section class="live-resources" aria-labelledby="live-resources-heading">
      <h2 id="live-resources-heading">Live deployment</h2>
      <Show when={error()}>{(message) => <p role="alert">{message()}</p>}</Show>
      <p class="muted">A dashed line marks when a deployment went live.</p>
      <div class="chart-pair">
        <figure class="card chart-card">
          <figcaption>
            CPU of the live deployment, last 10 minutes: <span class="chart-now">{latestCpu(samples())}</span>
          </figcaption>
          <Chart
            label={`CPU, in percent of one core: ${spanInWords(cpu()[1], formatPercent)}`}
            data={cpu()}
            series={cpuLine}
            yValue={(p) => `${p} %`}
            yRange={(_min, max) => [0, Math.max(5, max * 1.15)]}
            xRange={span()}
            markers={markers()}
          />
        </figure>
        <figure class="card chart-card">
          <figcaption>
            Memory of the live deployment, last 10 minutes: <span class="chart-now">{latestMemory(samples())}</span>
          </figcaption>
          <Chart
            label={`Memory: ${spanInWords(memory()[1], formatMebibytes)}; the thin grey line is the limit`}
            data={memory()}
            series={memoryLines}
            yValue={(mib) => `${mib} MiB`}
            yRange={(_min, max) => [0, Math.max(16, max * 1.1)]}
            xRange={span()}
            markers={markers()}
          />
        </figure>
      </div>
    </section>
  );
}

/** The stats at `path`, fetched again every interval while the page is visible; a new path starts afresh. */
function pollStats(path: () => string) {
  const [stats, setStats] = createSignal<DeploymentStatsReply | null>(null);
  const [span, setSpan] = createSignal(statsWindow(Date.now()));
  const [error, setError] = createSignal<string | null>(null);
  let timer: ReturnType<typeof setTimeout> | undefined;
  // Each fetch has a number; an answer that arrives after a newer fetch began (another live
  // deployment, the tab shown again, the page left) is dropped and schedules nothing.
  let latest = 0;

  async function fetchNow() {
    clearTimeout(timer);
    const mine = ++latest;
    try {
      const reply = await api<DeploymentStatsReply>('GET', path());
      if (mine !== latest) return;
      setStats(reply);
      setSpan(statsWindow(Date.now()));
      setError(null);
    } catch (failure) {
      if (mine !== latest) return;
      setError(`The CPU and memory figures could not be fetched: ${messageOf(failure)}`);
    }
    if (!document.hidden) timer = setTimeout(() => void fetchNow(), stats()?.intervalMs ?? FIRST_INTERVAL_MS);
  }

  function onVisibility() {
    if (!document.hidden) return void fetchNow();
    latest++;
    clearTimeout(timer);
  }
  document.addEventListener('visibilitychange', onVisibility);
  onCleanup(() => {
    document.removeEventListener('visibilitychange', onVisibility);
    latest++;
    clearTimeout(timer);
  });
  createEffect(
    on(path, () => {
      setStats(null);
      void fetchNow();
    }),
  );
  return { stats, span, error };
}
