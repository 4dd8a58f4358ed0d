import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { applyBuildLimits } from '../builder/src/engine/build-limits.js';
import { buildLocal, commitAll } from './support/build.js';
import { testbedVar } from './support/testbed.js';

const cgroupRoot = '/sys/fs/cgroup';

/** A build whose one step needs about 300 MB; its nonce keeps BuildKit from answering the step from cache. */
function hungryProject(): string {
  const repo = mkdtempSync(join(tmpdir(), 'aether-hungry-'));
  const allocate = `const held = []; for (let i = 0; i < 30; i++) held.push(Buffer.alloc(10 * 1024 * 1024, 1)); console.log('held', held.length * 10, 'MB')`;
  writeFileSync(join(repo, 'Dockerfile'), `FROM ${testbedVar('AETHER_IMAGE_NODE')}\nCOPY nonce /\nRUN ${JSON.stringify(['node', '-e', allocate])}\n`);
  writeFileSync(join(repo, 'nonce'), String(Math.random()));
  commitAll(repo, 'hungry');
  return repo;
}

// On the real kernel of this host: the limit applies to the engine's own build steps.
describe('limits on all builds together', () => {
  afterAll(async () => {
    await applyBuildLimits(cgroupRoot, { memoryBytes: null, cpus: null });
  });

  it('stop a build that needs more memory than builds may have, and lift again', async () => {
    await applyBuildLimits(cgroupRoot, { memoryBytes: 150 * 1024 * 1024, cpus: 1 });
    expect(readFileSync(join(cgroupRoot, 'memory/docker/buildkit/memory.limit_in_bytes'), 'utf8').trim()).toBe(String(150 * 1024 * 1024));
    await expect(buildLocal(hungryProject(), 'aether-test/hungry:latest')).rejects.toThrow(/exit code: 137|killed/);

    await applyBuildLimits(cgroupRoot, { memoryBytes: null, cpus: null });
    await expect(buildLocal(hungryProject(), 'aether-test/hungry:latest')).resolves.toMatchObject({ imageId: expect.stringMatching(/^sha256:/) });
  });
});
