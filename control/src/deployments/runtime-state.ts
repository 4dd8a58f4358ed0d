import type Docker from 'dockerode';

// What a user sees of a deployment's container: is it serving, and if it keeps crashing, how often
// and with what exit code. Docker restarts a crashed app itself (restart policy), which alone would
// hide a crash loop behind a "running" container.

export type RuntimeState =
  | { state: 'running'; since: Date; restarts: number }
  | { state: 'restarting'; restarts: number; exitCode: number }
  | { state: 'exited'; exitCode: number; at: Date; oomKilled: boolean }
  | { state: 'missing' };

export function runtimeState(info: Docker.ContainerInspectInfo | null): RuntimeState {
  if (info === null) return { state: 'missing' };
  const { State: s, RestartCount: restarts } = info;
  if (s.Restarting) return { state: 'restarting', restarts, exitCode: s.ExitCode };
  if (s.Running) return { state: 'running', since: new Date(s.StartedAt), restarts };
  return { state: 'exited', exitCode: s.ExitCode, at: new Date(s.FinishedAt), oomKilled: s.OOMKilled };
}

export async function containerRuntimeState(container: Docker.Container): Promise<RuntimeState> {
  return runtimeState(await container.inspect().catch(() => null));
}
