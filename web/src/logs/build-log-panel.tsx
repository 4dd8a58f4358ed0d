import { createEffect, createMemo, createSignal, For, on, onCleanup, Show } from 'solid-js';
import type { BuildLogEvent } from '../../../control/src/api/replies.js';
import { formatDuration } from '../lib/time-format.js';
import { createLogLines, download, logText } from './log-lines.js';
import { followLog } from './log-stream.js';
import { type LogViewControl, LogView } from './log-view.jsx';
import { findMatches, matchCount, matchesOn, stepMatch } from './search.js';
import { addStepLines, type BuildStep, stepElapsedMs, stepState } from './steps.js';

// The build log, live: its steps with their times above it, search within it, download.

const RETRY_MS = 3_000;

export interface BuildLogPanelProps {
  /** `/projects/<id>/deployments/<id>` */
  path: string;
  shortId: string;
  /** The build log's `end` came: the deployment's status moved on. */
  onEnd(): void;
}

export function BuildLogPanel(props: BuildLogPanelProps) {
  const lines = createLogLines();
  const [steps, setSteps] = createSignal<BuildStep[]>([]);
  const [ended, setEnded] = createSignal(false);
  const [connection, setConnection] = createSignal('Live');
  let view: LogViewControl | undefined;
  let retry: ReturnType<typeof setTimeout> | undefined;

  const stream = followLog(`/api${props.path}/build-logs`, {
    onLines(events) {
      setConnection('Live');
      const batch = events.map((event) => JSON.parse(event.data) as BuildLogEvent);
      setSteps((known) => addStepLines(known, batch, lines.all().length));
      lines.add(batch);
    },
    onEnd() {
      setEnded(true);
      props.onEnd();
    },
    onClosed(status) {
      // A refusal (the deployment is gone, the session ended) will not change by asking again.
      if (status >= 400 && status < 500) {
        stream.stop();
        setConnection('Unavailable');
        return;
      }
      setConnection('Reconnecting…');
      retry = setTimeout(() => stream.reconnect(), RETRY_MS);
    },
  });
  onCleanup(() => {
    clearTimeout(retry);
    stream.stop();
  });

  const search = createSearch(lines.lowered, (line) => view?.showLine(line));

  return (
    <section class="log-panel" aria-labelledby="build-log-heading">
      <div class="log-heading">
        <h2 id="build-log-heading">Build log</h2>
        <span class="muted">{ended() ? 'Complete' : connection()}</span>
      </div>
      <StepList steps={steps()} buildOver={ended()} onPick={(step) => view?.showLine(step.line)} />
      <div class="log-toolbar">
        <div class="log-search">
          <label for="build-log-search">Search log</label>
          <input
            id="build-log-search"
            type="search"
            value={search.query()}
            onInput={(event) => search.setQuery(event.currentTarget.value)}
            onKeyDown={(event) => {
              if (event.key !== 'Enter') return;
              event.preventDefault();
              search.step(event.shiftKey ? -1 : 1);
            }}
          />
        </div>
        <Show when={search.query() !== ''}>
          <span class="match-count" aria-live="polite">
            {search.label()}
          </span>
          <button type="button" onClick={() => search.step(-1)} disabled={search.count() === 0}>
            Previous
          </button>
          <button type="button" onClick={() => search.step(1)} disabled={search.count() === 0}>
            Next
          </button>
        </Show>
        <button type="button" onClick={() => download(`deployment-${props.shortId}-build.log`, logText(lines.all()))}>
          Download
        </button>
      </div>
      <LogView label="Build log" lines={lines.all} empty={ended() ? 'This deployment has no build log.' : 'Waiting for the build to start…'} marks={search.marks} control={(c) => (view = c)} />
    </section>
  );
}

/** Search over the log's lower-cased lines: the matches, which one is current, and its highlights. */
function createSearch(lowered: () => readonly string[], show: (line: number) => void) {
  const [query, setQuery] = createSignal('');
  const [current, setCurrent] = createSignal(0);
  const matches = createMemo(() => findMatches(lowered(), query()));
  const index = () => Math.min(current(), Math.max(0, matches().length - 1));
  const reveal = () => {
    const match = matches()[index()];
    if (match) show(match.line);
  };
  // A new query starts at its first match; lines arriving meanwhile leave the view where it is.
  createEffect(
    on(query, () => {
      setCurrent(0);
      reveal();
    }),
  );
  return {
    query,
    setQuery,
    count: () => matches().length,
    label: () => matchCount(index(), matches().length),
    step(direction: 1 | -1) {
      setCurrent(stepMatch(index(), matches().length, direction));
      reveal();
    },
    marks: (line: number) => {
      const target = matches()[index()];
      return matchesOn(matches(), line).map((m) => ({ start: m.start, end: m.end, current: m === target }));
    },
  };
}

function StepList(props: { steps: readonly BuildStep[]; buildOver: boolean; onPick(step: BuildStep): void }) {
  const [now, setNow] = createSignal(Date.now());
  const tick = setInterval(() => props.buildOver || setNow(Date.now()), 1_000);
  onCleanup(() => clearInterval(tick));
  return (
    <Show when={props.steps.length > 0}>
      <ol class="steps" aria-label="Build steps">
        <For each={props.steps}>
          {(step) => {
            const state = () => stepState(step, props.buildOver);
            return (
              <li class={`step step-${state()}`}>
                <button type="button" class="link step-name" onClick={() => props.onPick(step)}>
                  {step.name}
                </button>
                <span class="step-state">{state()}</span>
                <span class="step-time">{formatDuration(stepElapsedMs(step, now(), props.buildOver))}</span>
              </li>
            );
          }}
        </For>
      </ol>
    </Show>
  );
}
