// The mutation score per folder, from the report `stryker run` leaves, written with what survived
// in the target folders to bench/mutation.md. Score as Stryker counts it: killed (and timed out)
// among the mutants that compiled, those no test reaches counted as survivors; beside it, the
// score among the mutants some unit test reaches, which tells weak tests from missing ones.
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, relative } from 'node:path';

interface Mutant {
  mutatorName: string;
  replacement?: string;
  status: string;
  location: { start: { line: number } };
}
interface Report {
  files: Record<string, { mutants: Mutant[] }>;
}

/** Folders the issue holds to a target; any other file counts under its own folder. */
const TARGETS = ['control/src/deployments', 'control/src/api', 'control/src/auth', 'control/src/github', 'control/src/projects', 'control/src/routing', 'builder/src'];
const DETECTED = new Set(['Killed', 'Timeout']);

const report = JSON.parse(readFileSync('reports/mutation/mutation.json', 'utf8')) as Report;
const folderOf = (file: string) => TARGETS.find((target) => file.startsWith(`${target}/`)) ?? dirname(file);

interface Counts {
  detected: number;
  survived: number;
  unreached: number;
}
const tally = new Map<string, Counts>();
for (const [path, { mutants }] of Object.entries(report.files)) {
  const file = relative(process.cwd(), path);
  const counts = tally.get(folderOf(file)) ?? { detected: 0, survived: 0, unreached: 0 };
  for (const mutant of mutants) {
    if (DETECTED.has(mutant.status)) counts.detected += 1;
    if (mutant.status === 'Survived') counts.survived += 1;
    if (mutant.status === 'NoCoverage') counts.unreached += 1;
  }
  tally.set(folderOf(file), counts);
}

const percent = (detected: number, of: number) => `${((100 * detected) / Math.max(1, of)).toFixed(1)}%`;
const rows = [...tally].sort(([a], [b]) => a.localeCompare(b)).map(([folder, c]) => {
  const all = c.detected + c.survived + c.unreached;
  const target = TARGETS.includes(folder) ? (c.detected >= 0.8 * all ? '80% met' : '80% MISSED') : '';
  return `| ${folder} | ${c.detected} | ${c.survived} | ${c.unreached} | ${percent(c.detected, all)} | ${percent(c.detected, c.detected + c.survived)} | ${target} |`;
});
const table = ['| folder | killed | survived | reached by no unit test | score | score where reached | target |', '|---|---:|---:|---:|---:|---:|---|', ...rows].join('\n');
console.log(table);
const commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { encoding: 'utf8' }).trim();

/** The target folders' mutants that no unit test noticed, file by file: what to read when the score drops. */
function undetectedInTargets(): string[] {
  const lines: string[] = [];
  for (const [path, { mutants }] of Object.entries(report.files).sort(([a], [b]) => a.localeCompare(b))) {
    const file = relative(process.cwd(), path);
    if (!TARGETS.includes(folderOf(file))) continue;
    const unreached = mutants.filter((m) => m.status === 'NoCoverage').length;
    const survived = mutants.filter((m) => m.status === 'Survived');
    if (unreached + survived.length === 0) continue;
    lines.push(`- \`${file}\`: ${survived.length} survived, ${unreached} reached by no unit test`);
    for (const m of survived) lines.push(`  - line ${m.location.start.line}: ${m.mutatorName} → \`${(m.replacement ?? '').replace(/\s+/g, ' ').replaceAll('`', "'").slice(0, 80)}\``);
  }
  return lines;
}

writeFileSync(
  'bench/mutation.md',
  [
    '# Mutation score',
    '',
    `What \`npm run test:mutation\` printed last: at ${commit}, ${new Date().toISOString().slice(0, 10)}. The unit tests alone; a mutant no unit test reaches counts as survived.`,
    '',
    table,
    '',
    '## What no unit test noticed in the target folders',
    '',
    ...undetectedInTargets(),
    '',
  ].join('\n'),
);

