// The mutation score per folder, from the report `stryker run` leaves, written with what survived
// in the target folders to bench/mutation.md. Two tiers of tests run against each mutant: the unit
// tests (no test bed) and the test bed's: the store tests (test/store: control's API on Postgres and
// Redis of their own) and the engine tests (test/engine: the Docker engine too). Stryker stops at a
// mutant's first failing test, so "detected by a unit test" counts the mutants whose first failing
// test was a unit test: a lower bound of what the unit tests alone detect, when a test bed's test
// happened to fail first.
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, relative } from 'node:path';
import { engineTests, storeTests } from '../vitest.config.js';

interface Mutant {
  mutatorName: string;
  replacement?: string;
  status: string;
  killedBy?: string[];
  coveredBy?: string[];
  location: { start: { line: number } };
}
interface Report {
  files: Record<string, { mutants: Mutant[] }>;
  testFiles?: Record<string, { tests: Array<{ id: string }> }>;
}

/** Folders the issue holds to a target; any other file counts under its own folder. */
const TARGETS = ['control/src/deployments', 'control/src/api', 'control/src/auth', 'control/src/github', 'control/src/projects', 'control/src/routing', 'builder/src'];

const DETECTED = new Set(['Killed', 'Timeout']);

const report = JSON.parse(readFileSync('reports/mutation/mutation.json', 'utf8')) as Report;
const folderOf = (file: string) => TARGETS.find((target) => file.startsWith(`${target}/`)) ?? dirname(file);

/** The test bed's folders, as vitest.config.ts names them (`test/store/**\/*.test.ts` → `test/store/`). */
const testBedFolders = [...storeTests, ...engineTests].map((glob) => glob.slice(0, glob.indexOf('*')));
const testBedTestIds = new Set(
  Object.entries(report.testFiles ?? {})
    .filter(([path]) => testBedFolders.some((folder) => relative(process.cwd(), path).startsWith(folder)))
    .flatMap(([, { tests }]) => tests.map((test) => test.id)),
);
const isTestBedTest = (id: string) => testBedTestIds.has(id);

/**
 * Whether a unit test is what detected the mutant. A time-out, or a run that failed as a whole (a
 * module that no longer loads), names no test: it is the unit tests' when only unit tests ran.
 */
function detectedByUnitTest({ killedBy = [], coveredBy = [] }: Mutant): boolean {
  return killedBy.length > 0 ? killedBy.some((id) => !isTestBedTest(id)) : !coveredBy.some(isTestBedTest);
}

interface Counts {
  byUnit: number;
  byTestBed: number;
  survived: number;
  unreached: number;
}
const tally = new Map<string, Counts>();
for (const [path, { mutants }] of Object.entries(report.files)) {
  const folder = folderOf(relative(process.cwd(), path));
  const counts = tally.get(folder) ?? { byUnit: 0, byTestBed: 0, survived: 0, unreached: 0 };
  for (const mutant of mutants) {
    if (DETECTED.has(mutant.status)) {
      if (detectedByUnitTest(mutant)) counts.byUnit += 1;
      else counts.byTestBed += 1;
    }
    if (mutant.status === 'Survived') counts.survived += 1;
    if (mutant.status === 'NoCoverage') counts.unreached += 1;
  }
  tally.set(folder, counts);
}

const percent = (part: number, of: number) => `${((100 * part) / Math.max(1, of)).toFixed(1)}%`;
const met = (part: number, of: number) => (part >= 0.8 * of ? 'met' : 'MISSED');
const rows = [...tally].sort(([a], [b]) => a.localeCompare(b)).map(([folder, c]) => {
  const all = c.byUnit + c.byTestBed + c.survived + c.unreached;
  const detected = c.byUnit + c.byTestBed;
  const target = TARGETS.includes(folder) ? `${met(c.byUnit, all)} / ${met(detected, all)}` : '';
  return `| ${folder} | ${all} | ${c.byUnit} | ${c.byTestBed} | ${c.survived} | ${c.unreached} | ${percent(c.byUnit, all)} | ${percent(detected, all)} | ${target} |`;
});
const table = [
  '| folder | mutants | detected by a unit test | detected by a store or engine test | survived | reached by no test | unit score | score with the test bed | 80% (unit / with test bed) |',
  '|---|---:|---:|---:|---:|---:|---:|---:|---|',
  ...rows,
].join('\n');
console.log(table);
const commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { encoding: 'utf8' }).trim();

/** The target folders' mutants that no test noticed, file by file: what to read when the score drops. */
function undetectedInTargets(): string[] {
  const lines: string[] = [];
  for (const [path, { mutants }] of Object.entries(report.files).sort(([a], [b]) => a.localeCompare(b))) {
    const file = relative(process.cwd(), path);
    if (!TARGETS.includes(folderOf(file))) continue;
    const unreached = mutants.filter((m) => m.status === 'NoCoverage').length;
    const survived = mutants.filter((m) => m.status === 'Survived');
    if (unreached + survived.length === 0) continue;
    lines.push(`- \`${file}\`: ${survived.length} survived, ${unreached} reached by no test`);
    for (const m of survived) lines.push(`  - line ${m.location.start.line}: ${m.mutatorName} → \`${(m.replacement ?? '').replace(/\s+/g, ' ').replaceAll('`', "'").slice(0, 80)}\``);
  }
  return lines;
}

/** The section written by hand, on why each survivor is harmless or left: kept from the page as it was. */
const WHY = '## Why these survive';
const written = readFileSync('bench/mutation.md', 'utf8');
const why = written.includes(WHY) ? written.slice(written.indexOf(WHY)).trimEnd() : WHY;

writeFileSync(
  'bench/mutation.md',
  [
    '# Mutation score',
    '',
    `What \`npm run test:mutation\` printed last: at ${commit}, ${new Date().toISOString().slice(0, 10)}.`,
    '',
    'Each mutant runs with the tests that reach it, of two tiers: the unit tests (no test bed) and the test bed\'s: the store',
    'tests (`test/store`: control\'s API against Postgres and Redis of their own) and the engine tests (`test/engine`: a',
    'deployment\'s lifecycle on the Docker engine too); none has Traefik, the builder or a browser.',
    '"Detected by a unit test": killed with a unit test as the first failing test, or killed or timed out naming no test',
    '(a module that no longer loads) when only unit tests ran. Stryker stops at the first failing test, so this is a lower',
    'bound of what the unit tests alone detect: a test bed\'s test may have failed first on a mutant a unit test kills too.',
    '"Detected by a store or engine test": every other kill or time-out. The unit score is the first among all mutants,',
    'the score with the test bed both; the mutants no test reaches count as survived in both.',
    '',
    table,
    '',
    '## What no test noticed in the target folders',
    '',
    ...undetectedInTargets(),
    '',
    why,
    '',
  ].join('\n'),
);
