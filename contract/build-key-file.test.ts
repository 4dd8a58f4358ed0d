import { randomBytes } from 'node:crypto';
import { mkdtempSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readBuildKeyFile, writeBuildKeyFile } from './build-key-file.js';
import { buildJobKey } from './sealed.js';

const dir = () => mkdtempSync(join(tmpdir(), 'aether-build-key-'));

describe('the build key file', () => {
  it('holds the derived job key, never the master key, readable by its owner only', async () => {
    const master = randomBytes(32);
    const path = join(dir(), 'key');
    await writeBuildKeyFile(path, master);
    const key = await readBuildKeyFile(path);
    expect(key.equals(buildJobKey(master))).toBe(true);
    expect(key.equals(master)).toBe(false);
    expect(statSync(path).mode & 0o777).toBe(0o600);
  });

  it('is waited for until control has written it', async () => {
    const master = randomBytes(32);
    const path = join(dir(), 'key');
    // Wrapped, since resolving with the read itself would wait for the read.
    const { read } = await new Promise<{ read: Promise<Buffer> }>((resolve) => {
      const read = readBuildKeyFile(path, () => resolve({ read }));
    });
    await writeBuildKeyFile(path, master);
    expect((await read).equals(buildJobKey(master))).toBe(true);
  });

  it('names the file when it holds no key', async () => {
    const path = join(dir(), 'key');
    writeFileSync(path, 'short');
    await expect(readBuildKeyFile(path)).rejects.toThrow(/^AETHER_BUILD_KEY_FILE \(.*\): expected 32 bytes/);
  });
});
