import { defineConfig } from 'vitest/config';
import { unitTests } from './vitest.config.js';

// Stryker's vitest runner takes one plain config, not a workspace of projects: the unit project
// alone. Instrumented code on a busy machine runs several times slower than in `npm test`.
export default defineConfig({ test: { include: unitTests, testTimeout: 60_000 } });
