import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildCacheKeeper } from '../builder/src/engine/build-cache.js';
import { buildLocal, commitAll, testWorkerLog } from './support/build.js';
import { docker } from './support/docker.js';
import { testbedVar } from './support/testbed.js';

const BULK_BYTES = 30_000_000;

/**
 * A project's build that leaves 30 MB in a cache mount, as a package manager's downloads do: cache
 * that no image holds, so only its removal frees the disk. Each project has cache mounts of its own.
 */
async function buildBulky(name: string): Promise<void> {
  const repo = mkdtempSync(join(tmpdir(), 'aether-bulky-'));
  const fill = `head -c ${BULK_BYTES} /dev/urandom > /downloads/${name}`;
  writeFileSync(join(repo, 'Dockerfile'), `FROM ${testbedVar('AETHER_IMAGE_NODE')}\nRUN --mount=type=cache,target=/downloads ${JSON.stringify(['sh', '-c', fill])}\n`);
  commitAll(repo, name);
  await buildLocal(repo, `aether-test/bulky:${name}`, { projectId: name });
}

interface CacheRecord {
  Size: number;
  /** Its files are an image's too, so removing the record frees nothing. */
  Shared: boolean;
}

/** What the build cache holds on disk of its own, as `docker system df` counts it. */
async function cacheBytes(): Promise<number> {
  const { BuildCache } = (await docker.df()) as { BuildCache?: CacheRecord[] };
  return (BuildCache ?? []).filter((record) => !record.Shared).reduce((total, record) => total + record.Size, 0);
}

// Limits just under what the cache holds, so that a trim removes a record or two: the test bed's
// cache (gigabytes, mid-suite) is not emptied, which would take a minute and slow every later build.
describe('the build cache', () => {
  it('is trimmed after a build to its limit, and what fits stays', async () => {
    const nonce = Date.now().toString(36);
    await buildBulky(`first-${nonce}`);
    await buildBulky(`second-${nonce}`);
    const limit = (await cacheBytes()) - BULK_BYTES / 2;

    await buildCacheKeeper(docker, limit, testWorkerLog)();

    const after = await cacheBytes();
    expect(after).toBeLessThanOrEqual(limit);
    expect(after).toBeGreaterThan(0);
  });

  it('is trimmed at most once in the interval, not after every build', async () => {
    const nonce = Date.now().toString(36);
    const keep = buildCacheKeeper(docker, (await cacheBytes()) + BULK_BYTES / 2, testWorkerLog, 60_000);
    await keep();
    await buildBulky(`third-${nonce}`);
    const grown = await cacheBytes();

    await keep();

    expect(await cacheBytes()).toBe(grown);
  });
});
