import { describe, expect, it } from 'vitest';
import type { EngineWatch } from '../../../contract/engine-watch.js';
import { type Engine, throughEngineRestarts } from './engine-restarts.js';

/**
 * An engine as the rollout sees it: `restartsDuring` runs of the work are cut by a restart (the
 * watch of each tells of it), and after a restart it answers again at its `downFor`th ask.
 */
function engine(restartsDuring: number, downFor = 0): Engine & { watches: EngineWatch[]; asked: () => number } {
  const watches: EngineWatch[] = [];
  let asked = 0;
  return {
    watches,
    asked: () => asked,
    async watch() {
      let stopped = false;
      const lost = watches.length < restartsDuring;
      const watch = { lost: () => lost && !stopped, stop: () => void (stopped = true) };
      watches.push(watch);
      return watch;
    },
    async answers() {
      asked += 1;
      return asked > downFor;
    },
  };
}

const exited = () => new Error('the app exited with code 143 before it answered on port 3000');

describe('a rollout riding out an engine restart', () => {
  it('runs again from its start once the engine answers, when the engine restarted while it ran', async () => {
    const restarting = engine(1, 3);
    let runs = 0;
    const made = await throughEngineRestarts(restarting, async () => {
      if (++runs === 1) throw exited();
      return 'live';
    });
    expect({ made, runs, asked: restarting.asked() }).toEqual({ made: 'live', runs: 2, asked: 4 });
    expect(restarting.watches.map((watch) => watch.lost())).toEqual([false, false]);
  });

  it('fails as the work failed when the engine stayed up: the app’s own failure', async () => {
    const steady = engine(0);
    let runs = 0;
    const work = async () => {
      runs++;
      throw exited();
    };
    await expect(throughEngineRestarts(steady, work)).rejects.toThrow('exited with code 143');
    expect({ runs, asked: steady.asked() }).toEqual({ runs: 1, asked: 0 });
  });

  it('fails as the work failed when the engine did not answer as it began, telling nothing of a restart', async () => {
    let runs = 0;
    const gone: Engine = { watch: async () => null, answers: async () => true };
    const failing = async () => {
      runs++;
      throw exited();
    };
    await expect(throughEngineRestarts(gone, failing)).rejects.toThrow('exited');
    expect(runs).toBe(1);
  });

  it('gives up on an engine that does not come back within its patience', async () => {
    const down = engine(1, Infinity);
    await expect(throughEngineRestarts(down, () => Promise.reject(exited()), 300)).rejects.toThrow('exited');
    expect(down.asked()).toBeGreaterThan(1);
  });

  it('gives up on an engine that keeps restarting, after two runs again', async () => {
    const flapping = engine(Infinity);
    let runs = 0;
    const work = async () => {
      runs++;
      throw exited();
    };
    await expect(throughEngineRestarts(flapping, work)).rejects.toThrow('exited');
    expect(runs).toBe(3);
  });
});
