import { randomBytes } from 'node:crypto';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { eq } from 'drizzle-orm';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deployments, type projects } from '../control/src/db/schema.js';
import { AETHER_LABELS } from '../contract/aether-labels.js';
import { RollbackRefused, rollBack } from '../control/src/deployments/rollback.js';
import { removeProjectNetwork } from '../control/src/deployments/project-network.js';
import { rolloutLocks } from '../control/src/deployments/rollout-lock.js';
import type { Platform } from '../control/src/deployments/platform.js';
import { isFinal } from '../control/src/deployments/status.js';
import { createTestDatabase, insertProject, type TestDatabase } from './support/database.js';
import { parseSubnet } from '../control/src/deployments/subnets.js';
import { createTestNetwork, docker, TEST_LABEL, TEST_RUN } from './support/docker.js';
import { eventually } from './support/http.js';
import { TEST_APP_LIMITS, TEST_APP_SUBNETS } from './support/platform.js';
import { testbedVar } from './support/testbed.js';

// Many rollbacks of one project at once, on the real Postgres with control's pool at its real
// size (node-postgres's default of 10, as control/src/main.ts makes it). The rollout lock used to
// wait inside Postgres on pooled connections: ten waiters held the whole pool, the holder could
// not run its next query, and every tenant's request waited with it.

const run = randomBytes(3).toString('hex');
let test: TestDatabase;
let platform: Platform;
let imageId: string;
let network: string;
/** Stands for Traefik, which each rollout connects to the project's network; it routes nothing. */
let traefik: Awaited<ReturnType<typeof docker.createContainer>>;
let project: typeof projects.$inferSelect;
let target: typeof deployments.$inferSelect;

/** The promise's value, or a failure naming `what` if it has not settled within `ms`: a hang shows as red, not as a stuck run. */
async function within<T>(ms: number, what: string, promise: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`${what}: still waiting after ${ms / 1000} s`)), ms)));
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

beforeAll(async () => {
  test = await createTestDatabase();
  network = await createTestNetwork(`aether-test-locks-${run}`);
  traefik = await docker.createContainer({ Image: testbedVar('AETHER_IMAGE_NODE'), Cmd: ['sleep', 'infinity'], Labels: { [TEST_LABEL]: TEST_RUN }, HostConfig: { NetworkMode: network } });
  await traefik.start();
  // An app that starts and never answers: each rollout holds the lock until its health timeout.
  const base = await docker.createContainer({ Image: testbedVar('AETHER_IMAGE_NODE'), Labels: { [TEST_LABEL]: TEST_RUN } });
  const committed = (await base.commit({ repo: `aether-test/locks-${run}`, tag: 'silent', changes: ['CMD ["node", "-e", "setInterval(() => {}, 1000)"]', `LABEL ${TEST_LABEL}=${TEST_RUN}`] })) as { Id: string };
  await base.remove({ force: true });
  imageId = committed.Id;
  platform = {
    docker,
    db: test.db,
    locks: rolloutLocks(test.url, 8),
    instance: `test-locks-${run}`,
    secretKey: randomBytes(32),
    // Nothing listens here: no probe ever passes, and each rollout fails at its health timeout.
    traefikUrl: new URL('http://127.0.0.1:9'),
    routesDir: await mkdtemp(join(tmpdir(), 'aether-locks-routes-')),
    appsDomain: 'localhost',
    networks: { traefikContainer: traefik.id, pool: parseSubnet(TEST_APP_SUBNETS), prefix: 27 },
    appLimits: TEST_APP_LIMITS,
    keepRunning: 2,
    keepImages: 5,
    healthTimeoutMs: 2_000,
    drainMs: 0,
  };
  project = await insertProject(test.db, { slug: `locks-${run}`, repository: '/nowhere' });
  const [row] = await test.db
    .insert(deployments)
    .values({ projectId: project.id, trigger: 'manual', status: 'ready', imageTag: `aether-test/locks-${run}:silent`, imageId, port: 3000 })
    .returning();
  target = row!;
}, 60_000);

afterAll(async () => {
  const filters = JSON.stringify({ label: [`${AETHER_LABELS.project}=${project.id}`] });
  for (const c of await docker.listContainers({ all: true, filters })) await docker.getContainer(c.Id).remove({ force: true });
  await docker.getImage(imageId).remove({ force: true }).catch(() => undefined);
  await platform.locks.close();
  await removeProjectNetwork(platform, project.id);
  await traefik.remove({ force: true });
  await test.drop();
  await docker.getNetwork(network).remove().catch(() => undefined);
});

describe('the rollout lock', () => {
  it('twenty concurrent rollbacks of one project leave the pool answering other tenants, and each ends or is refused', async () => {
    // Watches from outside the pool, which must not need it to see how things stand.
    const observer = new pg.Client({ connectionString: test.url });
    await observer.connect();
    const deploying = async () =>
      (await observer.query<{ n: number }>(`SELECT count(*)::int AS n FROM deployments WHERE project_id = $1 AND status = 'deploying'`, [project.id])).rows[0]!.n;
    try {
      const attempts = Array.from({ length: 20 }, () =>
        rollBack(platform, target.id).then(
          (deployment) => ({ deployment }),
          (error: unknown) => ({ error }),
        ),
      );
      await eventually(async () => expect(await deploying()).toBeGreaterThan(0));

      // Another tenant's request while rollouts hold and wait for the lock: one query through the same pool.
      const answer = await within(20_000, 'a query through the pool', test.pool.query<{ one: number }>('SELECT 1 AS one'));
      expect(answer.rows).toEqual([{ one: 1 }]);

      const outcomes = await within(90_000, 'the rollbacks', Promise.all(attempts));
      const refused = outcomes.flatMap((o) => ('error' in o ? [o.error] : []));
      const made = outcomes.flatMap((o) => ('deployment' in o ? [o.deployment] : []));
      for (const error of refused) {
        expect(error).toBeInstanceOf(RollbackRefused);
        expect((error as Error).message).toMatch(/rollouts under way or waiting \(deployments [0-9a-f-]+, [0-9a-f-]+\)/);
      }
      expect(made.length).toBeGreaterThan(0);
      expect(made.length + refused.length).toBe(20);
      const rows = await test.db.select().from(deployments).where(eq(deployments.projectId, project.id));
      expect(rows.filter((row) => row.trigger === 'rollback')).toHaveLength(made.length);
      for (const row of rows) expect({ id: row.id, final: isFinal(row.status) }).toEqual({ id: row.id, final: true });
      expect(await deploying()).toBe(0);
    } finally {
      await observer.end();
    }
  });
});
