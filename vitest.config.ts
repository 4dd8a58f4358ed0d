import { defineConfig } from 'vitest/config';

/** Tests that need no test bed: no Docker, Postgres, Redis or browser. The mutation run uses only these. */
export const unitTests = ['contract/**/*.test.ts', 'shared/**/*.test.ts', 'control/src/**/*.test.ts', 'builder/src/**/*.test.ts', 'web/src/**/*.test.ts', 'test/architecture.test.ts'];

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
