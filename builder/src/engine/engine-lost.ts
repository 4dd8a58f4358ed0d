import { setTimeout as sleep } from 'node:timers/promises';
import type Docker from 'dockerode';
import { BuildAbortedError } from './build-image.js';

// The engine may go away in the middle of a build: restarted for an upgrade, or with its host.
// That says nothing of the build, so it is built again once the engine answers, within the
// build's own time limit, rather than failed for a reason that is not the user's.

/** How many times one build starts again after losing the engine. */
export const ENGINE_LOST_RETRIES = 2;

/** An engine that does not answer a ping within this is taken for one going down. */
const ANSWER_WITHIN_MS = 2_000;

/**
 * Runs `build`, and again once the engine answers each time it failed while the engine did not,
 * until `signal` aborts. The failure is judged by the engine, not by its words: a stopping engine
 * fails the build it runs in its own (a cut connection, a step that lost its network store), and
 * a cut connection to Redis is no reason to build again.
 */
export async function buildAcrossEngineRestarts<T>(build: () => Promise<T>, docker: Docker, signal: AbortSignal, say: (text: string) => void): Promise<T> {
  for (let retry = 0; ; retry += 1) {
    try {
      return await build();
    } catch (error) {
      if (retry === ENGINE_LOST_RETRIES || signal.aborted || (await answers(docker))) throw error;
      say(`the Docker engine went away during the build (${(error as Error).message}); building again once it answers`);
      await untilEngineAnswers(docker, signal);
    }
  }
}

async function answers(docker: Docker): Promise<boolean> {
  const silent = new Promise<false>((resolve) => setTimeout(resolve, ANSWER_WITHIN_MS, false).unref());
  return Promise.race([docker.ping().then(() => true, () => false), silent]);
}

async function untilEngineAnswers(docker: Docker, signal: AbortSignal): Promise<void> {
  while (!(await answers(docker))) {
    await sleep(1_000, undefined, { signal }).catch(() => {
      throw new BuildAbortedError(signal);
    });
  }
}
