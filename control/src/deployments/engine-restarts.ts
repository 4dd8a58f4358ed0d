import type Docker from 'dockerode';
import { type EngineWatch, watchEngine } from '../../../contract/engine-watch.js';
import { within } from './poll.js';

// A rollout the engine restarted under failed for nothing the app did: the engine stopped its
// container (which reads as an app that exited) or did not answer. It runs again once the engine
// is back, which starts the deployments' containers again itself.

/** A restart is seconds; an engine that keeps going away is not one. */
const MOST_RERUNS = 2;
/** A stopping engine stops the containers before it ends its event streams: how long a failure waits to tell. */
const STOPPING_MS = 3_000;
/** How long a rollout waits for a restarted engine to answer. */
const ENGINE_PATIENCE_MS = 60_000;

/** What work riding out engine restarts asks of the engine. */
export interface Engine {
  /** A watch from now on; null when the engine does not answer now. */
  watch(): Promise<EngineWatch | null>;
  answers(): Promise<boolean>;
}

export function engineOf(docker: Docker): Engine {
  return { watch: () => watchEngine(docker), answers: () => docker.ping().then(() => true, () => false) };
}

/** Runs `work`, and again from its start when it failed while the engine restarted under it, once the engine answers. */
export async function throughEngineRestarts<T>(engine: Engine, work: () => Promise<T>, patienceMs = ENGINE_PATIENCE_MS): Promise<T> {
  for (let rerun = 0; ; rerun++) {
    const watch = await engine.watch();
    try {
      return await work();
    } catch (error) {
      if (rerun === MOST_RERUNS) throw error;
      // An engine that did not answer as the work began tells nothing of a restart.
      const restarted = watch !== null && (await within(STOPPING_MS, async () => watch.lost()));
      if (!restarted || !(await within(patienceMs, engine.answers))) throw error;
    } finally {
      watch?.stop();
    }
  }
}
