import { defineConfig } from 'drizzle-kit';

// Only `npm run db:generate` reads this: it diffs control/src/db/schema.ts against the
// migrations already written and writes the next one.
export default defineConfig({
  dialect: 'postgresql',
  schema: './control/src/db/schema.ts',
  out: './control/drizzle',
});
