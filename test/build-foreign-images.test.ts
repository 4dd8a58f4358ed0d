import { randomBytes } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { BuiltImage } from '../builder/src/build-project.js';
import type { BuildLogLine } from '../contract/build-streams.js';
import { buildLocal, commitAll } from './support/build.js';
import { testbedVar } from './support/testbed.js';

const node = testbedVar('AETHER_IMAGE_NODE');

function ownDockerfile(lines: string[], files: Record<string, string> = {}): string {
  const repo = mkdtempSync(join(tmpdir(), 'aether-tenant-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(repo, name), text);
  writeFileSync(join(repo, 'Dockerfile'), `${lines.join('\n')}\n`);
  commitAll(repo, 'tenant');
  return repo;
}

const stdout = (lines: readonly BuildLogLine[]) => lines.filter((l) => l.stream === 'stdout').map((l) => l.text).join('\n');

// Every project's images are on the one engine, whose BuildKit resolves FROM and COPY --from
// against local images before any registry.
describe("another tenant's image", () => {
  const secret = `tenant-a-secret-${randomBytes(8).toString('hex')}`;
  const victimTag = `aether-test/tenant-a-${randomBytes(4).toString('hex')}:1`;
  let victim: BuiltImage;

  beforeAll(async () => {
    victim = await buildLocal(ownDockerfile([`FROM ${node}`, 'COPY secret.txt /secret.txt'], { 'secret.txt': secret }), victimTag, { projectId: 'tenant-a' });
  });

  it.each([
    ['by its tag', (tag: string) => [`FROM ${tag}`, 'RUN cat /secret.txt']],
    ['by its image ID', (_: string, id: string) => [`FROM ${id}`, 'RUN cat /secret.txt']],
    ['through an ARG', (tag: string) => [`ARG BASE=${tag}`, 'FROM ${BASE}', 'RUN cat /secret.txt']],
    ['with COPY --from', (tag: string) => [`FROM ${node}`, `COPY --from=${tag} /secret.txt /stolen`, 'RUN cat /stolen']],
    ['through a mount', (tag: string) => [`FROM ${node}`, `RUN --mount=type=bind,from=${tag},target=/a cat /a/secret.txt`]],
  ])('cannot be built from %s: the build is refused before it runs', async (_, dockerfile) => {
    const lines: BuildLogLine[] = [];
    const attempt = buildLocal(ownDockerfile(dockerfile(victimTag, victim.imageId)), `aether-test/tenant-b:${randomBytes(4).toString('hex')}`, { projectId: 'tenant-b', lines });
    await expect(attempt).rejects.toThrow(/an image of another project on this server/);
    expect(stdout(lines)).not.toContain(secret);
  });

  it('can still be built from by its own project', async () => {
    const lines: BuildLogLine[] = [];
    await buildLocal(ownDockerfile([`FROM ${victimTag}`, `RUN cat /secret.txt && echo ${randomBytes(4).toString('hex')}`]), `aether-test/tenant-a-next:${randomBytes(4).toString('hex')}`, { projectId: 'tenant-a', lines });
    expect(stdout(lines)).toContain(secret);
  });
});

describe("a repository's own cache mounts", () => {
  it("never reach another project's cache, whatever id they name", async () => {
    const secret = `cached-${randomBytes(8).toString('hex')}`;
    const write = [`FROM ${node}`, `RUN --mount=type=cache,id=shared,target=/cache echo ${secret} > /cache/shared.txt`, `RUN --mount=type=cache,target=/root/.npm echo ${secret} > /root/.npm/default.txt`];
    await buildLocal(ownDockerfile(write), `aether-test/cache-a:${randomBytes(4).toString('hex')}`, { projectId: 'cache-a' });

    const read = [
      `FROM ${node}`,
      `RUN --mount=type=cache,id=shared,target=/cache cat /cache/shared.txt || echo "no ${randomBytes(4).toString('hex')}"`,
      `RUN --mount=type=cache,target=/root/.npm cat /root/.npm/default.txt || echo "no ${randomBytes(4).toString('hex')}"`,
    ];
    const lines: BuildLogLine[] = [];
    await buildLocal(ownDockerfile(read), `aether-test/cache-b:${randomBytes(4).toString('hex')}`, { projectId: 'cache-b', lines });
    expect(stdout(lines)).not.toContain(secret);

    const own: BuildLogLine[] = [];
    await buildLocal(ownDockerfile(read), `aether-test/cache-a2:${randomBytes(4).toString('hex')}`, { projectId: 'cache-a', lines: own });
    expect(stdout(own)).toContain(secret);
  });
});
