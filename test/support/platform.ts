import { randomBytes } from 'node:crypto';
import type { Database } from '../../control/src/db/database.js';
import { rolloutLocks } from '../../control/src/deployments/rollout-lock.js';
import type { Platform } from '../../control/src/deployments/rollout.js';
import { createTestNetwork, docker } from './docker.js';
import { startTraefik } from './traefik.js';

/** A Traefik of its own on a network of its own, and the platform that deploys behind it as control does. */
export async function startTestPlatform(db: Database, name: string): Promise<{ platform: Platform; traefik: Awaited<ReturnType<typeof startTraefik>> }> {
  const network = await createTestNetwork(`aether-test-${name}-${randomBytes(3).toString('hex')}`);
  const traefik = await startTraefik(network);
  const platform: Platform = {
    docker,
    db,
    locks: rolloutLocks(db.$client.options.connectionString!, 8),
    instance: `test-${name}-${randomBytes(3).toString('hex')}`,
    secretKey: randomBytes(32),
    traefikUrl: traefik.url,
    routesDir: traefik.routesDir,
    appsDomain: 'localhost',
    network,
    keepRunning: 2,
    keepImages: 5,
    healthTimeoutMs: 30_000,
    drainMs: 500,
  };
  return { platform, traefik };
}
