import { readFile, rename, writeFile } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import { buildJobKey, parseSecretKey } from './sealed.js';

// Control holds AETHER_SECRET_KEY and writes the build-job key derived from it to a volume only
// the builder shares, so the user sets one secret and the builder's environment holds none.

export async function writeBuildKeyFile(path: string, secretKey: Buffer): Promise<void> {
  // Written whole and renamed, so the builder never reads half a key.
  const partial = `${path}.${process.pid}.partial`;
  await writeFile(partial, buildJobKey(secretKey).toString('base64'), { mode: 0o600 });
  await rename(partial, path);
}

/** The build-job key, once control has written it; `onWaiting` hears once that it is not there yet. */
export async function readBuildKeyFile(path: string, onWaiting: () => void = () => {}): Promise<Buffer> {
  for (let waited = false; ; waited = true) {
    try {
      return parseSecretKey(await readFile(path, 'utf8'), `AETHER_BUILD_KEY_FILE (${path})`);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
      if (!waited) onWaiting();
      await sleep(1_000);
    }
  }
}
