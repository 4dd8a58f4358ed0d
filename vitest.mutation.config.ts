import { defineConfig } from 'vitest/config';
import { engineTests, storeTests, unitTests } from './vitest.config.js';

// Stryker's vitest runner takes one plain config, not a workspace of projects: the unit tests, the
// store tests (Postgres and Redis) and the engine tests (the Docker engine too), which make their
// own databases, install names and images, so two workers running one file at once never meet. Instrumented code on a busy machine runs
// several times slower than in `npm test`.
export default defineConfig({ test: { include: [...unitTests, ...storeTests, ...engineTests], testTimeout: 60_000, hookTimeout: 60_000 } });
