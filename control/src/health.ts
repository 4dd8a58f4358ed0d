// /healthz reports each dependency on its own, so an operator sees which one is down rather
// than a bare 503.

export type Probe = () => Promise<unknown>;

export type ComponentHealth = { status: 'ok' } | { status: 'down'; error: string };

export interface HealthReport {
  healthy: boolean;
  components: Record<string, ComponentHealth>;
}

export async function checkHealth(probes: Record<string, Probe>, timeoutMs = 2_000): Promise<HealthReport> {
  const names = Object.keys(probes);
  const results = await Promise.all(names.map((name) => probeOnce(probes[name]!, timeoutMs)));
  const components = Object.fromEntries(names.map((name, i) => [name, results[i]!]));
  return { healthy: results.every((r) => r.status === 'ok'), components };
}

async function probeOnce(probe: Probe, timeoutMs: number): Promise<ComponentHealth> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer in ${timeoutMs} ms`)), timeoutMs);
  });
  try {
    await Promise.race([probe(), timeout]);
    return { status: 'ok' };
  } catch (error) {
    return { status: 'down', error: error instanceof Error ? error.message : String(error) };
  } finally {
    clearTimeout(timer);
  }
}
