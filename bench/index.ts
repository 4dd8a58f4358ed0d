// npm run bench: where Aether stands, in one table. Brings up the real platform (compiled control
// and builder, Traefik, Postgres, Redis, the Docker engine), measures each figure beside its
// comparison in the same run so that the machine's noise touches both, then prints the table and
// writes it to bench/results.md, which git keeps for comparing commits.
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import { apiLatency } from './api-latency.js';
import { buildDetails, fixtureBuilds } from './builds.js';
import { dashboardSize } from './dashboard-size.js';
import { deployFigures } from './deploy-figures.js';
import { deploysUnderFaults } from './faults.js';
import { idleFootprint } from './footprint.js';
import { imageBytes } from './images.js';
import { logLatency } from './log-latency.js';
import { progress, repoRoot, startBench } from './platform.js';
import { type Measurements, report } from './table.js';

const started = performance.now();
const git = (...args: string[]) => execFileSync('git', ['-C', repoRoot, ...args], { encoding: 'utf8' }).trim();
const commit = `${git('rev-parse', '--short', 'HEAD')}${git('status', '--porcelain') === '' ? '' : '+dirty'}`;
const machine = `${cpus().length} cores, ${(totalmem() / 1e9).toFixed(1)} GB memory`;
progress(`commit ${commit}, ${machine}`);

async function measure(): Promise<Omit<Measurements, 'faults'>> {
  const bench = await startBench();
  try {
    progress('footprint at rest: 10 s without requests');
    const idle = await idleFootprint(bench.pids);
    const deploys = await deployFigures(bench);
    progress('log latency');
    const logLatencies = await logLatency(bench);
    progress('image sizes');
    const images = { spa: await imageBytes(bench, 'vite-spa'), node: deploys.nodeImageBytes, python: await imageBytes(bench, 'flask-app') };
    // Last: its thousand projects would stand in every other figure's way.
    progress('API latency');
    const api = await apiLatency(bench);
    return { idle, deploys, logLatencies, api, images, dashboard: dashboardSize() };
  } finally {
    await bench.stop();
  }
}

try {
  const measured = await measure();
  // Last, on a platform of its own: its faults restart the stores it runs on.
  progress('deploys under random faults');
  const measurements = { ...measured, faults: await deploysUnderFaults() };
  const builds = await buildDetails();
  const fixtures = await fixtureBuilds();
  const minutes = (performance.now() - started) / 60_000;
  const text = report(`${new Date().toISOString().slice(0, 16)}Z, commit ${commit}, ${machine}; the bench took ${minutes.toFixed(1)} min.`, measurements, [builds, fixtures]);
  process.stdout.write(text);
  writeFileSync(join(repoRoot, 'bench/results.md'), text);
} catch (error) {
  console.error(error);
  process.exitCode = 1;
}
// Pollers a failure left running would otherwise keep the process alive.
process.exit();
