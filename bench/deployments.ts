// npm run bench, second part: what a user of a live app sees during a redeploy and a rollback,
// through the real Traefik on the real engine. Appends its table to bench/results.md.
import { randomBytes } from 'node:crypto';
import { appendFileSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { deployments } from '../control/src/db/schema.js';
import { AETHER_LABELS } from '../control/src/deployments/container-spec.js';
import { deleteProject } from '../control/src/deployments/delete-project.js';
import { rollBack } from '../control/src/deployments/rollback.js';
import { rollout } from '../control/src/deployments/rollout.js';
import { buildLocal, commitAll } from '../test/support/build.js';
import { createTestDatabase, insertProject } from '../test/support/database.js';
import { docker, removeTestObjects } from '../test/support/docker.js';
import { get } from '../test/support/http.js';
import { startLoad } from '../test/support/load.js';
import { startTestPlatform } from '../test/support/platform.js';
import { testbedVar } from '../test/support/testbed.js';

const RATE = 250;
const run = randomBytes(3).toString('hex');
const seconds = (ms: number) => (ms / 1000).toFixed(2);

async function image(body: string): Promise<string> {
  const repo = mkdtempSync(join(tmpdir(), 'aether-bench-'));
  writeFileSync(join(repo, 'server.js'), `require('node:http').createServer((req, res) => res.end(${JSON.stringify(body)})).listen(process.env.PORT);`);
  writeFileSync(join(repo, 'Dockerfile'), `FROM ${testbedVar('AETHER_IMAGE_NODE')}\nCOPY server.js /app/\nEXPOSE 3000\nCMD ["node", "/app/server.js"]\n`);
  commitAll(repo, body);
  return (await buildLocal(repo, `aether-bench/deploy-${run}:${body}`)).imageId;
}

/** The moment (performance.now()) `host` first answers `body`, polling every 10 ms. */
async function firstAnswer(port: number, host: string, body: string): Promise<number> {
  while ((await get(port, host).catch(() => null))?.body !== body) await new Promise((resolve) => setTimeout(resolve, 10));
  return performance.now();
}

const db = await createTestDatabase();
const { platform, traefik } = await startTestPlatform(db.db, 'bench');
platform.drainMs = 1_000;
const project = await insertProject(db.db, { slug: `bench-${run}`, repository: '/bench' });
const host = `${project.slug}.localhost`;

/** Rolls an image out; `switchMs` runs from its own host answering to the production host answering from it. */
async function deploy(imageId: string, body: string): Promise<{ id: string; ms: number; switchMs: number }> {
  const [row] = await db.db.insert(deployments).values({ projectId: project.id, trigger: 'manual', imageTag: imageId, imageId, port: 3000, status: 'deploying' }).returning();
  const healthy = firstAnswer(traefik.port, `${row!.id.replaceAll('-', '').slice(0, 8)}-${host}`, body);
  const live = firstAnswer(traefik.port, host, body);
  const started = performance.now();
  await rollout(platform, row!.id);
  const ms = performance.now() - started;
  return { id: row!.id, ms, switchMs: (await live) - (await healthy) };
}

try {
  const [v1, v2] = [await image('v1'), await image('v2')];
  const first = await deploy(v1, 'v1');
  const load = startLoad({ port: traefik.port, host, rate: RATE });
  await new Promise((resolve) => setTimeout(resolve, 2_000));
  const second = await deploy(v2, 'v2');
  await new Promise((resolve) => setTimeout(resolve, 2_000));
  const report = await load.stop();

  const rollbackStarted = performance.now();
  const serving = firstAnswer(traefik.port, host, 'v1');
  await rollBack(platform, first.id);
  const rollbackMs = (await serving) - rollbackStarted;

  const rows = [
    `| failed requests during a redeploy at ${RATE} req/s | ${report.failed} of ${report.sent} | 0 | ${report.failed === 0 ? 'met' : 'MISSED'} |`,
    `| p99 / max latency during the redeploy | ${report.p99Ms.toFixed(1)} / ${report.maxMs.toFixed(1)} ms | | |`,
    `| image built → traffic on the new container (app ready at once) | ${seconds(second.ms)} s | | |`,
    `| switch: new container answering → production host on it | ${seconds(second.switchMs)} s | under 1 s | ${second.switchMs < 1_000 ? 'met' : 'MISSED'} |`,
    `| rollback: request → traffic on the earlier image | ${seconds(rollbackMs)} s | under 2 s | ${rollbackMs < 2_000 ? 'met' : 'MISSED'} |`,
  ];
  const table = [
    '',
    '# Deployments',
    '',
    'Through the real Traefik; the app is a Node server that answers as soon as it starts.',
    '',
    '| figure | measured | target | |',
    '|---|---|---|---|',
    ...rows,
    '',
  ].join('\n');
  appendFileSync(fileURLToPath(new URL('results.md', import.meta.url)), table);
  console.log(table);
} finally {
  await deleteProject(platform, project.id);
  const filters = JSON.stringify({ label: [`${AETHER_LABELS.project}=${project.id}`] });
  for (const c of await docker.listContainers({ all: true, filters })) await docker.getContainer(c.Id).remove({ force: true });
  await removeTestObjects();
  await db.drop();
}
