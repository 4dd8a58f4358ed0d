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
 * A project whose build leaves 30 MB in a cache mount, as a package manager's downloads do: cache
 * that no image holds, so only its removal frees the disk.
 */
function bulkyProject(name: string): string {
  const repo = mkdtempSync(join(tmpdir(), 'aether-bulky-'));
  const fill = `head -c ${BULK_BYTES} /dev/urandom > /downloads/${name}`;
  writeFileSync(join(repo, 'Dockerfile'), `FROM ${testbedVar('AETHER_IMAGE_NODE')}\nRUN --mount=type=cache,target=/downloads ${JSON.stringify(['sh', '-c', fill])}\n`);
  commitAll(repo, name);
  return repo;
}

interface CacheRecord {
  Description?: string;
  Size: number;
  /** Its files are an image's too, so removing the record frees nothing. */
  Shared: boolean;
}

/** The build cache's records, as `docker system df` counts them. */
async function cacheRecords(): Promise<CacheRecord[]> {
  const { BuildCache } = (await docker.df()) as { BuildCache?: CacheRecord[] };
  return BuildCache ?? [];
}

const holding = (records: CacheRecord[], name: string) => records.some((record) => record.Description?.includes(`/${name}`));

describe('the build cache', () => {
  it('is trimmed after a build to its limit, keeping what fits', async () => {
    const nonce = Date.now().toString(36);
    const older = `older-${nonce}`;
    const newer = `newer-${nonce}`;
    // Two projects: each has cache mounts of its own.
    await buildLocal(bulkyProject(older), `aether-test/bulky:${older}`, { projectId: older });
    await buildLocal(bulkyProject(newer), `aether-test/bulky:${newer}`, { projectId: newer });
    const before = await cacheRecords();
    expect(holding(before, older) && holding(before, newer)).toBe(true);

    const limit = BULK_BYTES * 1.5;
    await buildCacheKeeper(docker, limit, testWorkerLog)();

    const after = await cacheRecords();
    expect(after.filter((record) => !record.Shared).reduce((total, record) => total + record.Size, 0)).toBeLessThanOrEqual(limit);
    // BuildKit picks which by how recently and how often each was used: here alike but for a second.
    expect([holding(after, older), holding(after, newer)].filter(Boolean)).toHaveLength(1);
  });
});
