import { randomBytes } from 'node:crypto';
import { AETHER_LABELS } from '../../contract/aether-labels.js';
import type { Database } from '../../control/src/db/database.js';
import { rolloutLocks } from '../../control/src/deployments/rollout-lock.js';
import type { Platform } from '../../control/src/deployments/platform.js';
import { parseSubnet } from '../../control/src/deployments/subnets.js';
import { createTestNetwork, docker, testInstance } from './docker.js';
import { startTraefik } from './traefik.js';

/** Where test platforms' project networks take their blocks: control's default pool. */
export const TEST_APP_SUBNETS = '10.213.0.0/16';

/** What the tests give every app unless a project asks otherwise, and the most a project may ask. */
export const TEST_APP_LIMITS = { memoryMb: 256, maxMemoryMb: 1024, cpus: 1, maxCpus: 2 };

/**
 * A Traefik of its own, and the platform that deploys behind it as control does: each project
 * on a network of its own that Traefik joins. Traefik's own network stands for the apps network
 * of an install upgraded from a version that put every app there.
 */
export async function startTestPlatform(db: Database, name: string): Promise<{ platform: Platform; traefik: Awaited<ReturnType<typeof startTraefik>> }> {
  const network = await createTestNetwork(`aether-test-${name}-${randomBytes(3).toString('hex')}`);
  const traefik = await startTraefik(network);
  const platform: Platform = {
    docker,
    db,
    locks: rolloutLocks(db.$client.options.connectionString!, 8),
    instance: testInstance(name),
    secretKey: randomBytes(32),
    traefikUrl: traefik.url,
    routesDir: traefik.routesDir,
    appsDomain: 'localhost',
    networks: { traefikContainer: traefik.container, pool: parseSubnet(TEST_APP_SUBNETS), prefix: 27 },
    appLimits: TEST_APP_LIMITS,
    keepRunning: 2,
    keepImages: 5,
    healthTimeoutMs: 30_000,
    drainMs: 500,
  };
  return { platform, traefik };
}

/** Removes every container the platform made, and lets go of its rollout locks' connections. */
export async function stopTestPlatform(platform: Platform): Promise<void> {
  const filters = JSON.stringify({ label: [`${AETHER_LABELS.instance}=${platform.instance}`] });
  for (const c of await docker.listContainers({ all: true, filters })) await docker.getContainer(c.Id).remove({ force: true });
  await platform.locks.close();
}
