import { defineConfig } from 'vitest/config';

/** Tests that need no test bed: no Docker, Postgres, Redis or browser. */
export const unitTests = ['contract/**/*.test.ts', 'shared/**/*.test.ts', 'control/src/**/*.test.ts', 'builder/src/**/*.test.ts', 'web/src/**/*.test.ts', 'test/architecture.test.ts'];

/**
 * Tests that need only the test bed's Postgres and Redis: control's API against stores of the
 * file's own (test/support/store-app.ts), no Docker engine, builder, Traefik or browser. They run
 * with the integration tests, and in the mutation run beside the unit tests.
 */
export const storeTests = ['test/store/**/*.test.ts'];

/**
 * Tests that need the Docker engine besides Postgres and Redis, and no Traefik, builder or browser:
 * a deployment's lifecycle on the engine (test/support/engine-platform.ts). They run with the
 * integration tests, and in the mutation run.
 */
export const engineTests = ['test/engine/**/*.test.ts'];

export default defineConfig({
  test: {
    projects: [
      {
        test: { name: 'unit', include: unitTests },
      },
      {
        test: {
          name: 'integration',
          include: ['test/**/*.test.ts'],
          exclude: ['test/architecture.test.ts', 'web/src/**/*.test.ts'],
          globalSetup: ['test/support/global-setup.ts'],
          // Real containers on 2 cores: one file at a time keeps timings honest.
          fileParallelism: false,
          testTimeout: 120_000,
          hookTimeout: 120_000,
        },
      },
    ],
  },
});
