import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { BuildLogLine } from '../contract/build-streams.js';
import { buildLocal, commitAll, imageContains, runImage } from './support/build.js';
import { docker } from './support/docker.js';
import { eventually, get } from './support/http.js';
import { testbedVar } from './support/testbed.js';

/**
 * A project whose build needs API_KEY, and prints it, as careless build scripts do. It uses pnpm
 * because then the stage the final image is built FROM runs a step (corepack enable), which is
 * where a misplaced ARG would be recorded in the shipped image's history.
 */
function projectNeedingKey(): string {
  const repo = mkdtempSync(join(tmpdir(), 'aether-secret-'));
  const files: Record<string, string> = {
    'package.json': JSON.stringify({
      name: 'secret-app',
      version: '1.0.0',
      packageManager: 'pnpm@9.15.9',
      scripts: { build: 'node build.js', start: 'node server.js' },
    }),
    'build.js': `if (!process.env.API_KEY) { console.error('API_KEY is missing'); process.exit(1); }
console.log('building with key ' + process.env.API_KEY);
require('node:fs').writeFileSync('built.txt', 'key-length:' + process.env.API_KEY.length);`,
    'server.js': `require('node:http').createServer((req, res) => res.end(require('node:fs').readFileSync('built.txt'))).listen(process.env.PORT);`,
  };
  for (const [name, text] of Object.entries(files)) writeFileSync(join(repo, name), text);
  commitAll(repo, 'needs a key');
  return repo;
}

describe('a secret build variable', () => {
  it('reaches the build, yet is in no log line, no stored Dockerfile and no byte of the image', async () => {
    const secret = `sk_live_${randomBytes(12).toString('hex')}`;
    const lines: BuildLogLine[] = [];
    const image = await buildLocal(projectNeedingKey(), 'aether-test/secret-app:latest', {
      variables: [{ name: 'API_KEY', value: secret, secret: true }],
      lines,
    });

    const { container, port } = await runImage(image);
    const reply = await eventually(() => get(port, 'localhost'));
    expect(reply.body).toBe(`key-length:${secret.length}`);
    await container.remove({ force: true });

    expect(lines.some((line) => line.text === 'building with key ***')).toBe(true);
    expect(lines.filter((line) => line.text.includes(secret))).toEqual([]);
    expect(image.dockerfile).not.toContain(secret);
    expect(await imageContains(image.imageId, secret)).toBe(false);
    // The search itself works: the image does hold what the build wrote.
    expect(await imageContains(image.imageId, `key-length:${secret.length}`)).toBe(true);
  });
});

/**
 * A repository's own Dockerfile that reads API_KEY through a secret mount in a build stage, prints
 * it as a careless script would, and ships only its SHA-256.
 */
function ownDockerfileNeedingKey(): string {
  const repo = mkdtempSync(join(tmpdir(), 'aether-secret-mount-'));
  const node = testbedVar('AETHER_IMAGE_NODE');
  const dockerfile = [
    `FROM ${node} AS build`,
    `RUN --mount=type=secret,id=API_KEY test -s /run/secrets/API_KEY && echo "using key $(cat /run/secrets/API_KEY)" && sha256sum /run/secrets/API_KEY | cut -d' ' -f1 > /key.sha256 && echo ${randomBytes(8).toString('hex')}`,
    `FROM ${node}`,
    'COPY --from=build /key.sha256 /key.sha256',
  ];
  writeFileSync(join(repo, 'Dockerfile'), `${dockerfile.join('\n')}\n`);
  commitAll(repo, 'reads a secret');
  return repo;
}

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

describe("a repository's own Dockerfile", () => {
  it('reads a secret build variable through a secret mount, and its value reaches no build argument, history, image or log line', async () => {
    const secret = `sk_live_${randomBytes(12).toString('hex')}`;
    const lines: BuildLogLine[] = [];
    const image = await buildLocal(ownDockerfileNeedingKey(), 'aether-test/secret-mount:latest', {
      variables: [{ name: 'API_KEY', value: secret, secret: true }],
      lines,
    });

    expect(await imageContains(image.imageId, sha256(secret))).toBe(true);
    expect(lines.some((line) => line.text === 'using key ***')).toBe(true);
    expect(lines.filter((line) => line.text.includes(secret))).toEqual([]);
    const history = await docker.getImage(image.imageId).history();
    expect(JSON.stringify(history)).not.toContain(secret);
    expect(JSON.stringify(await docker.getImage(image.imageId).inspect())).not.toContain(secret);
    expect(await imageContains(image.imageId, secret)).toBe(false);
  });

  it("gives another project with the very same steps none of the results made with this project's secret", async () => {
    const repo = ownDockerfileNeedingKey();
    const secretA = `sk_a_${randomBytes(12).toString('hex')}`;
    const secretB = `sk_b_${randomBytes(12).toString('hex')}`;
    const a = await buildLocal(repo, 'aether-test/secret-scope-a:latest', { variables: [{ name: 'API_KEY', value: secretA, secret: true }], projectId: 'secret-scope-a' });
    const b = await buildLocal(repo, 'aether-test/secret-scope-b:latest', { variables: [{ name: 'API_KEY', value: secretB, secret: true }], projectId: 'secret-scope-b' });

    expect(await imageContains(a.imageId, sha256(secretA))).toBe(true);
    expect(await imageContains(b.imageId, sha256(secretA))).toBe(false);
    expect(await imageContains(b.imageId, sha256(secretB))).toBe(true);
  });
});
