import { defineConfig } from 'vitest/config';
import { storeTests, unitTests } from './vitest.config.js';

// Stryker's vitest runner takes one plain config, not a workspace of projects: the unit tests and
// the store tests, which need Postgres and Redis only and make their own databases and names, so
// two workers running one file at once never meet. Instrumented code on a busy machine runs
// several times slower than in `npm test`.
export default defineConfig({ test: { include: [...unitTests, ...storeTests], testTimeout: 60_000, hookTimeout: 60_000 } });
