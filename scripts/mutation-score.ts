// The mutation score per folder, from the report `stryker run` leaves, with the survivors of the
// folders named on the command line. Score as Stryker counts it: killed (and timed out) among the
// mutants that compiled, those no test reaches counted as survivors.
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

const tally = new Map<string, { detected: number; undetected: number }>();
for (const [path, { mutants }] of Object.entries(report.files)) {
  const file = relative(process.cwd(), path);
  const counts = tally.get(folderOf(file)) ?? { detected: 0, undetected: 0 };
  for (const mutant of mutants) {
    if (DETECTED.has(mutant.status)) counts.detected += 1;
    if (UNDETECTED.has(mutant.status)) counts.undetected += 1;
  }
  tally.set(folderOf(file), counts);
}

const percent = (c: { detected: number; undetected: number }) => (100 * c.detected) / Math.max(1, c.detected + c.undetected);
const rows = [...tally].sort(([a], [b]) => a.localeCompare(b)).map(([folder, counts]) => {
  const target = TARGETS.includes(folder) ? (percent(counts) >= 80 ? '80% met' : '80% MISSED') : '';
  return `| ${folder} | ${counts.detected} | ${counts.undetected} | ${percent(counts).toFixed(1)}% | ${target} |`;
});
const table = ['| folder | killed | survived | score | target |', '|---|---:|---:|---:|---|', ...rows].join('\n');
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
