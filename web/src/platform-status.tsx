import { createResource, For, Show } from 'solid-js';
import type { HealthReply } from '../../control/src/api/replies.js';

// /healthz answers 503 with the same body when something is down, so the body is read
// whatever the status.
async function fetchHealth(): Promise<HealthReply> {
  const response = await fetch('/healthz');
  return (await response.json()) as HealthReply;
}

export function PlatformStatus() {
  const [health] = createResource(fetchHealth);
  return (
    <section aria-label="Platform status">
      <Show when={health()} fallback={<p>{health.error ? 'The control service does not answer.' : 'Checking…'}</p>}>
        {(report) => (
          <ul>
            <For each={Object.entries(report().components)}>
              {([name, component]) => (
                <li data-component={name} data-status={component.status}>
                  {name}: {component.status === 'ok' ? 'ok' : `down (${component.error})`}
                </li>
              )}
            </For>
          </ul>
        )}
      </Show>
    </section>
  );
}
