import { onCleanup } from 'solid-js';
import type { DeploymentEventData } from '../../../control/src/api/replies.js';

// One EventSource on `/api/events` for the whole tab, whatever number of pages listen: the
// signed-in user's deployment changes as they happen. A page reacts by fetching again what it
// shows, so the API's answers stay the only source of what a page displays. The stream does not
// replay what happened while it was down, so after a reconnect every page fetches again.

interface Watcher {
  matches: (change: DeploymentEventData) => boolean;
  refresh: () => void;
}

const watchers = new Set<Watcher>();
let source: EventSource | null = null;

function connect(): EventSource {
  const events = new EventSource('/api/events');
  let opened = false;
  events.addEventListener('open', () => {
    if (opened) for (const watcher of watchers) watcher.refresh();
    opened = true;
  });
  events.addEventListener('deployment', (event) => {
    const change = JSON.parse((event as MessageEvent<string>).data) as DeploymentEventData;
    for (const watcher of watchers) if (watcher.matches(change)) watcher.refresh();
  });
  return events;
}

/** Calls `refresh` on every change that `matches`, and after a reconnect, while the calling component lives. */
export function onDeploymentChange(matches: Watcher['matches'], refresh: Watcher['refresh']): void {
  const watcher = { matches, refresh };
  watchers.add(watcher);
  source ??= connect();
  onCleanup(() => {
    watchers.delete(watcher);
    if (watchers.size === 0) {
      source?.close();
      source = null;
    }
  });
}
