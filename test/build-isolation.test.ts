import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { BuildLogLine } from '../contract/build-streams.js';
import { buildLocal, commitAll } from './support/build.js';
import { testbedVar } from './support/testbed.js';

/** The host's address on Docker's default bridge, the way out of a container to the host. */
function bridgeGateway(): string {
  const output = execFileSync('docker', ['network', 'inspect', 'bridge', '--format', '{{(index .IPAM.Config 0).Gateway}}'], { encoding: 'utf8' });
  return output.trim();
}

// A repository's build steps are its own code: they run in BuildKit's sandbox, never on the host
// and never beside the Docker socket or the platform's stores.
describe("a repository's build steps", () => {
  it('see no Docker socket and reach neither Postgres nor Redis on the host', async () => {
    const probe = (host: string, port: number) =>
      `require('node:net').connect(${port}, '${host}').on('connect', () => console.log('reached ${host}:${port}')).on('error', () => console.log('refused ${host}:${port}'))`;
    const gateway = bridgeGateway();
    const steps = [
      ['sh', '-c', 'if [ -e /var/run/docker.sock ]; then echo "socket present"; else echo "no socket"; fi'],
      ['node', '-e', probe('127.0.0.1', 5432)],
      ['node', '-e', probe(gateway, 5432)],
      ['node', '-e', probe(gateway, 6379)],
    ];
    const repo = mkdtempSync(join(tmpdir(), 'aether-isolation-'));
    writeFileSync(join(repo, 'nonce'), String(Math.random()));
    writeFileSync(join(repo, 'Dockerfile'), [`FROM ${testbedVar('AETHER_IMAGE_NODE')}`, 'COPY nonce /', ...steps.map((s) => `RUN ${JSON.stringify(s)}`)].join('\n'));
    commitAll(repo, 'probes');

    const lines: BuildLogLine[] = [];
    await buildLocal(repo, 'aether-test/isolation:latest', { lines });
    const output = lines.filter((l) => l.stream === 'stdout').map((l) => l.text);
    expect(output).toEqual(expect.arrayContaining(['no socket', 'refused 127.0.0.1:5432', `refused ${gateway}:5432`, `refused ${gateway}:6379`]));
    expect(output.filter((text) => text.startsWith('reached') || text === 'socket present')).toEqual([]);
  });
});
