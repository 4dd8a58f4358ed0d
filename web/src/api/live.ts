import { onCleanup } from 'solid-js';

// One EventSource on `/api/events` for the whole tab, whatever number of pages listen: the
// signed-in user's deployment changes as they happen. A page reacts by fetching again what it
// shows, so the API's answers stay the only source of what a page displays.

/** The data of a `deployment` event: which deployment of which project changed, and to what. */
export interface DeploymentChange {
  projectId: string;
  deploymentId: string;
  status: string;
}

type Listener = (change: DeploymentChange) => void;

const listeners = new Set<Listener>();
let source: EventSource | null = null;

function connect(): EventSource {
  const events = new EventSource('/api/events');
  events.addEventListener('deployment', (event) => {
    const change = JSON.parse((event as MessageEvent<string>).data) as DeploymentChange;
    for (const listener of listeners) listener(change);
  });
  return events;
}

/** Calls `listener` on every change while the calling component lives. */
export function onDeploymentChange(listener: Listener): void {
  listeners.add(listener);
  source ??= connect();
  onCleanup(() => {
    listeners.delete(listener);
    if (listeners.size === 0) {
      source?.close();
      source = null;
    }
  });
}
