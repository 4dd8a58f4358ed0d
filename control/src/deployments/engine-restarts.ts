import { setTimeout as sleep } from 'node:timers/promises';
import type Docker from 'dockerode';
import { type EngineWatch, watchEngine } from '../../../contract/engine-watch.js';

// A rollout the engine restarted under failed for nothing the app did: the engine stopped its
// container (which reads as an app that exited) or did not answer. It runs again once the engine
// is back, which starts the deployments' containers again itself.

/** A restart is seconds; an engine that keeps going away is not one. */
const MOST_RERUNS = 2;
/** A stopping engine stops the containers before it ends its event streams: how long a failure waits to tell. */
export const STOPPING_MS = 3_000;
/** How long a rollout waits for a restarted engine to answer. */
export const ENGINE_PATIENCE_MS = 60_000;
const ASK_MS = 100;

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
      if (rerun === MOST_RERUNS || !(await lostWithin(watch, STOPPING_MS)) || !(await answersWithin(engine, patienceMs))) throw error;
    } finally {
      watch?.stop();
    }
  }
}

/** Whether the watch tells of the engine going away within `ms`; false for an engine that did not answer as the work began. */
async function lostWithin(watch: EngineWatch | null, ms: number): Promise<boolean> {
  if (watch === null) return false;
  const deadline = Date.now() + ms;
  while (!watch.lost()) {
    if (Date.now() > deadline) return false;
    await sleep(ASK_MS);
  }
  return true;
}

async function answersWithin(engine: Engine, ms: number): Promise<boolean> {
  const deadline = Date.now() + ms;
  while (!(await engine.answers())) {
    if (Date.now() > deadline) return false;
    await sleep(ASK_MS);
  }
  return true;
}
