import { createResource, For, Show } from 'solid-js';

type ComponentHealth = { status: 'ok' } | { status: 'down'; error: string };
interface HealthReport {
  healthy: boolean;
  components: Record<string, ComponentHealth>;
}

// /healthz answers 503 with the same body when something is down, so the body is read
// whatever the status.
async function fetchHealth(): Promise<HealthReport> {
  const response = await fetch('/healthz');
  return (await response.json()) as HealthReport;
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
