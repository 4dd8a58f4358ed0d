// The mutation score per folder, from the report `stryker run` leaves, with the survivors of the
// folders named on the command line. Score as Stryker counts it: killed (and timed out) among the
// mutants that compiled, those no test reaches counted as survivors; beside it, the score among
// the mutants some unit test reaches, which tells weak tests from missing ones.
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, relative } from 'node:path';

interface Mutant {
  mnemonic: string;
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
const UNDETECTED = new Set(['Survived', 'NoCoverage']);

const report = JSON.parse(readFileSync('reports/mutation/mutation.json', 'utf8')) as Report;
const folderOf = (file: string) => TARGETS.find((target) => file.startsWith(`${target}/`)) ?? dirname(file);

interface Counts {
  detected: number;
  undetected: number;
  unreached: number;
}
const tally = new Map<string, Counts>();
for (const [path, { mutants }] of Object.entries(report.files)) {
  const file = relative(process.cwd(), path);
  const counts = tally.get(folderOf(file)) ?? { detected: 0, undetected: 0, unreached: 0 };
  for (const mutant of mutants) {
    if (DETECTED.has(mutant.status)) counts.detected += 1;
    if (UNDETECTED.has(mutant.status)) counts.undetected += 1;
    if (mutant.status === 'NoCoverage') counts.unreached += 1;
  }
  tally.set(folderOf(file), counts);
}

const percent = (detected: number, of: number) => `${((100 * detected) / Math.max(1, of)).toFixed(1)}%`;
const rows = [...tally].sort(([a], [b]) => a.localeCompare(b)).map(([folder, c]) => {
  const score = percent(c.detected, c.detected + c.undetected);
  const target = TARGETS.includes(folder) ? (c.detected >= 0.8 * (c.detected + c.undetected) ? '80% met' : '80% MISSED') : '';
  return `| ${folder} | ${c.detected} | ${c.undetected - c.unreached} | ${c.unreached} | ${score} | ${percent(c.detected, c.detected + c.undetected - c.unreached)} | ${target} |`;
});
const table = ['| folder | killed | survived | reached by no unit test | score | score where reached | target |', '|---|---:|---:|---:|---:|---:|---|', ...rows].join('\n');
console.log(table);
const commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { encoding: 'utf8' }).trim();
writeFileSync(
  'bench/mutation.md',
  `# Mutation score\n\nWhat \`npm run test:mutation\` printed last: at ${commit}, ${new Date().toISOString().slice(0, 10)}. The unit tests alone; a mutant no unit test reaches counts as survived.\n\n${table}\n`,
);

for (const folder of process.argv.slice(2)) {
  console.log(`\nSurvivors in ${folder}:`);
  for (const [path, { mutants }] of Object.entries(report.files)) {
    const file = relative(process.cwd(), path);
    if (!file.startsWith(`${folder}/`) && file !== folder) continue;
    for (const mutant of mutants.filter((m) => UNDETECTED.has(m.status))) {
      console.log(`${file}:${mutant.location.start.line} ${mutant.mnemonic} ${mutant.status === 'NoCoverage' ? '(no test reaches it) ' : ''}→ ${(mutant.replacement ?? '').replace(/\s+/g, ' ').slice(0, 100)}`);
    }
  }
}
