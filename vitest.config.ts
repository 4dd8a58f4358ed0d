import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['contract/**/*.test.ts', 'shared/**/*.test.ts', 'control/src/**/*.test.ts', 'builder/src/**/*.test.ts', 'test/architecture.test.ts', 'web/src/**/*.test.ts'],
        },
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
