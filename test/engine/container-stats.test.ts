import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { projects } from '../../control/src/db/schema.js';
import { containerStats } from '../../control/src/deployments/container-stats.js';
import { startDeploymentContainer } from '../../control/src/deployments/deployment-container.js';
import { type EnginePlatform, useEnginePlatform } from '../support/engine-platform.js';
import { eventually } from '../support/http.js';

// The project page's CPU and memory charts: control reads the production container of each project
// someone is looking at, from the engine, once an interval.

let engine: EnginePlatform;
useEnginePlatform((ready) => (engine = ready));

describe('container figures', () => {
  it('are read from the engine for the production container someone looks at, within its memory cap; a deployment that does not serve has none', async () => {
    const project = await engine.newProject();
    const serving = await engine.newDeployment(project, { readyAt: new Date() });
    const earlier = await engine.newDeployment(project, { readyAt: new Date(Date.now() - 60_000) });
    await engine.test.db.update(projects).set({ productionDeploymentId: serving.id }).where(eq(projects.id, project.id));
    await startDeploymentContainer(engine.platform, project, serving);
    await startDeploymentContainer(engine.platform, project, earlier);
    const stats = containerStats(engine.platform, { intervalMs: 200 });
    stats.samples(serving.id);
    stats.samples(earlier.id);
    const stop = new AbortController();
    const running = stats.run(stop.signal);

    try {
      const samples = await eventually(async () => {
        const taken = stats.samples(serving.id);
        expect(taken.length).toBeGreaterThanOrEqual(2);
        return taken;
      });
      for (const sample of samples) {
        expect(sample.memoryBytes).toBeGreaterThan(1_000_000);
        expect(sample.memoryLimitBytes).toBe(engine.platform.appLimits.memoryMb * 1024 * 1024);
        expect(sample.cpuPercent).toBeGreaterThanOrEqual(0);
      }
      expect(Date.parse(samples[1]!.at)).toBeGreaterThan(Date.parse(samples[0]!.at));
      expect(stats.samples(earlier.id)).toEqual([]);
    } finally {
      stop.abort();
      await running;
    }
  });
});
