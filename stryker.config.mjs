// `npm run test:mutation`: which of control's and the builder's mutants the unit tests kill, and
// which the test bed's tiers kill beside them: the store tests (test/store: Postgres and Redis) and
// the engine tests (test/engine: the Docker engine too; no Traefik or builder). A check run by hand, like the bench; not part of `npm test`.
/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  testRunner: 'vitest',
  vitest: { configFile: 'vitest.mutation.config.ts' },
  checkers: ['typescript'],
  // The mutated code and what it imports: type-checking each mutant with the tests and bench too would be most of the run.
  tsconfigFile: 'tsconfig.mutation.json',
  mutate: ['control/src/**/*.ts', 'builder/src/**/*.ts', '!**/*.test.ts', '!**/*.test-support.ts'],
  coverageAnalysis: 'perTest',
  // A static mutant (a module-level constant) reruns every test; they are few and slow.
  ignoreStatic: true,
  incremental: true,
  incrementalFile: 'reports/mutation/incremental.json',
  reporters: ['progress', 'html', 'json'],
  htmlReporter: { fileName: 'reports/mutation/index.html' },
  jsonReporter: { fileName: 'reports/mutation/mutation.json' },
  tempDirName: '.stryker-tmp',
  concurrency: 2,
};
