import { defineConfig } from 'vitest/config';
import { unitTests } from './vitest.config.js';

// Stryker's vitest runner takes one plain config, not a workspace of projects: the unit project alone.
export default defineConfig({ test: { include: unitTests } });
