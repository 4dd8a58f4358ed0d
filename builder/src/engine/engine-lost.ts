import { setTimeout as sleep } from 'node:timers/promises';
import type Docker from 'dockerode';
import { type EngineWatch, watchEngine } from '../../../contract/engine-watch.js';
import { BuildAbortedError, ImageBuildError } from './build-image.js';

// The engine may go away in the middle of a build: restarted for an upgrade, or with its host.
// That says nothing of the build, so it is built again once the engine answers, within the
// build's own time limit, rather than failed for a reason that is not the user's.

/** How many times one build starts again after losing the engine. */
export const ENGINE_LOST_RETRIES = 2;

/** An engine that does not answer a ping within this is taken for one going down. */
const ANSWER_WITHIN_MS = 2_000;
/** An engine that is stopping may answer a while longer: the next attempt waits this long first. */
const SETTLE_MS = 3_000;

/**
 * Whether a build step failed because the engine could not run it, not because the app's command
 * failed: the app's failures end with its exit code ("executor failed running [npm run build]:
 * exit code: 1"); a stopping engine's with its own words ("… failed to update store for object
 * type *libnetwork.endpoint").
 */
export function failedForTheEngine(error: unknown): boolean {
  if (!(error instanceof ImageBuildError)) return false;
  return /^executor failed running \[/.test(error.message) && !/exit code: \d+/.test(error.message);
}

/**
 * Runs `build`, and again once the engine answers each time it failed for the engine's reasons,
 * while the engine did not answer, or after the engine restarted under it (`watchEngine`), until
 * `signal` aborts. A cut connection to Redis, which the engine outlives, is no reason to build again.
 */
export async function buildAcrossEngineRestarts<T>(build: () => Promise<T>, docker: Docker, signal: AbortSignal, say: (text: string) => void): Promise<T> {
  for (let retry = 0; ; retry += 1) {
    const engine = await watchEngine(docker);
    try {
      return await build();
    } catch (error) {
      if (retry === ENGINE_LOST_RETRIES || signal.aborted || !(await engineAtFault(error, docker, engine))) throw error;
      say(`the Docker engine went away during the build (${(error as Error).message}); building again once it answers`);
      await pause(SETTLE_MS, signal);
      while (!(await answers(docker))) await pause(1_000, signal);
    } finally {
      engine?.stop();
    }
  }
}

async function engineAtFault(error: unknown, docker: Docker, engine: EngineWatch | null): Promise<boolean> {
  // Asked first: the answer gives the event stream's end time to arrive. An engine that did not
  // answer as the build began was going away already.
  return failedForTheEngine(error) || !(await answers(docker)) || engine === null || engine.lost();
}

async function answers(docker: Docker): Promise<boolean> {
  const silent = new Promise<false>((resolve) => setTimeout(resolve, ANSWER_WITHIN_MS, false).unref());
  return Promise.race([docker.ping().then(() => true, () => false), silent]);
}

async function pause(ms: number, signal: AbortSignal): Promise<void> {
  await sleep(ms, undefined, { signal }).catch(() => {
    throw new BuildAbortedError(signal);
  });
}
