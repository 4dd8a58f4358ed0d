import { setTimeout as sleep } from 'node:timers/promises';
import type Docker from 'dockerode';
import { BuildAbortedError } from './build-image.js';

// The engine may go away in the middle of a build: restarted for an upgrade, or with its host.
// That says nothing of the build, so it is built again once the engine answers, within the
// build's own time limit, rather than failed for a reason that is not the user's.

/** How many times one build starts again after losing the engine. */
export const ENGINE_LOST_RETRIES = 2;

/** Whether the connection to the engine broke, or could not be made, rather than the build failing. */
export function isEngineLost(error: unknown): boolean {
  const { code, syscall } = (error ?? {}) as { code?: unknown; syscall?: unknown };
  if (code === 'ECONNRESET' || code === 'EPIPE') return true;
  return (code === 'ECONNREFUSED' || code === 'ENOENT') && syscall === 'connect';
}

/** Runs `build`, and again once the engine answers each time it was lost, until `signal` aborts. */
export async function buildAcrossEngineRestarts<T>(build: () => Promise<T>, docker: Docker, signal: AbortSignal, say: (text: string) => void): Promise<T> {
  for (let retry = 0; ; retry += 1) {
    try {
      return await build();
    } catch (error) {
      if (!isEngineLost(error) || retry === ENGINE_LOST_RETRIES || signal.aborted) throw error;
      say(`the Docker engine went away during the build (${(error as Error).message}); building again once it answers`);
      await untilEngineAnswers(docker, signal);
    }
  }
}

async function untilEngineAnswers(docker: Docker, signal: AbortSignal): Promise<void> {
  while (!(await docker.ping().then(() => true, () => false))) {
    await sleep(1_000, undefined, { signal }).catch(() => {
      throw new BuildAbortedError(signal);
    });
  }
}
