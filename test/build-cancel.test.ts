import { readdirSync, readFileSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { BuildLogLine } from '../contract/build-streams.js';
import { buildLocal, commitAll } from './support/build.js';
import { docker } from './support/docker.js';
import { eventually } from './support/http.js';
import { testbedVar } from './support/testbed.js';

/** Command lines of every process on the host that runs `sleep <seconds>`. */
function sleepers(seconds: string): string[] {
  return readdirSync('/proc')
    .filter((entry) => /^\d+$/.test(entry))
    .flatMap((pid) => {
      try {
        return [readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ').trim()];
      } catch {
        return [];
      }
    })
    .filter((cmd) => cmd === `sleep ${seconds}`);
}

describe('canceling a build', () => {
  it('stops the step that is running in the engine and tags no image', async () => {
    const seconds = '47.25';
    const repo = mkdtempSync(join(tmpdir(), 'aether-slow-'));
    // The Node image is the one local image every test bed has; the build only sleeps in it.
    writeFileSync(join(repo, 'Dockerfile'), `FROM ${testbedVar('AETHER_IMAGE_NODE')}\nRUN ["sleep", "${seconds}"]\n`);
    commitAll(repo, 'slow build');
    const tag = 'aether-test/canceled:latest';
    const controller = new AbortController();
    const lines: BuildLogLine[] = [];

    const build = buildLocal(repo, tag, { lines, signal: controller.signal });
    await eventually(async () => expect(sleepers(seconds)).not.toEqual([]), 60_000);
    controller.abort(new Error('canceled by the user'));

    await expect(build).rejects.toThrow(/canceled by the user/);
    await eventually(async () => expect(sleepers(seconds)).toEqual([]), 20_000);
    await expect(docker.getImage(tag).inspect()).rejects.toThrow(/no such image/i);
  });
});
