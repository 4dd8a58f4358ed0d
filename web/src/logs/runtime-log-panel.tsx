import { createMemo, createSignal, onCleanup, Show } from 'solid-js';
import type { ContainerStateReply, RuntimeLogEvent } from '../../../control/src/api/replies.js';
import { createLogLines, download, logText } from './log-lines.js';
import { followLog } from './log-stream.js';
import { LogView } from './log-view.jsx';
import { keptLines, type StreamChoice } from './runtime-filter.js';

// What the deployment's container prints, live, filterable by stream and text.

const RETRY_MS = 3_000;

export function RuntimeLogPanel(props: { path: string; shortId: string }) {
  const lines = createLogLines();
  const [stream, setStream] = createSignal<StreamChoice>('all');
  const [text, setText] = createSignal('');
  const [state, setState] = createSignal('Connecting…');
  let retry: ReturnType<typeof setTimeout> | undefined;

  const feed = followLog(`/api${props.path}/runtime-logs`, {
    onLines(events) {
      setState('Live');
      lines.add(events.map((event) => JSON.parse(event.data) as RuntimeLogEvent));
    },
    onEnd(data) {
      setState(describe(JSON.parse(data) as ContainerStateReply));
    },
    onClosed(status) {
      if (status === 409) {
        feed.stop();
        setState(describe({ state: 'missing' }));
        return;
      }
      setState('Reconnecting…');
      retry = setTimeout(() => feed.reconnect(), RETRY_MS);
    },
  });
  onCleanup(() => {
    clearTimeout(retry);
    feed.stop();
  });

  const shown = createMemo(() => {
    const all = lines.all();
    const filter = { stream: stream(), text: text() };
    if (filter.stream === 'all' && filter.text === '') return all;
    return keptLines(filter, all, lines.lowered()).map((i) => all[i]!);
    // Unfiltered, it is the same array grown: it must still tell the view.
  }, undefined, { equals: false });

  return (
    <section class="log-panel" aria-labelledby="runtime-log-heading">
      <div class="log-heading">
        <h2 id="runtime-log-heading">Runtime log</h2>
        <span class="muted">{state()}</span>
      </div>
      <div class="log-toolbar">
        <div class="log-filter">
          <label for="runtime-stream">Stream</label>
          <select id="runtime-stream" value={stream()} onChange={(event) => setStream(event.currentTarget.value as StreamChoice)}>
            <option value="all">stdout and stderr</option>
            <option value="stdout">stdout</option>
            <option value="stderr">stderr</option>
          </select>
        </div>
        <div class="log-search">
          <label for="runtime-filter">Filter lines</label>
          <input id="runtime-filter" type="search" value={text()} onInput={(event) => setText(event.currentTarget.value)} />
        </div>
        <Show when={shown() !== lines.all()}>
          <span class="match-count" aria-live="polite">
            {shown().length} of {lines.all().length} lines
          </span>
        </Show>
        <button type="button" onClick={() => download(`deployment-${props.shortId}-runtime.log`, logText(lines.all(), (line) => `${line.at} ${line.stream} `))}>
          Download
        </button>
      </div>
      <LogView label="Runtime log" lines={shown} empty={text() === '' && stream() === 'all' ? 'The container has printed nothing yet.' : 'No line matches the filter.'} showTime />
    </section>
  );
}

function describe(container: ContainerStateReply): string {
  switch (container.state) {
    case 'running':
      return 'Running';
    case 'restarting':
      return `Restarting after exit code ${container.exitCode} (${container.restarts} restarts)`;
    case 'exited':
      return container.oomKilled ? 'Stopped: out of memory' : `Stopped with exit code ${container.exitCode}`;
    case 'missing':
      return 'No container: it never started, or it was retired';
  }
}
