import { mkdirSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { BuildLogLine } from '../contract/build-streams.js';
import { buildLocal, commitAll, imageContains, runImage } from './support/build.js';
import { TEST_RUN } from './support/docker.js';
import { eventually, get } from './support/http.js';

// The builder runs in this process here, and the test run's name is in the environment this
// process started with: what a build could read through /proc/self/environ is exactly this line.
const BUILDER_ENVIRONMENT = `AETHER_TEST_RUN=${TEST_RUN}`;

function repository(files: Record<string, string>, links: Record<string, string>): string {
  const repo = mkdtempSync(join(tmpdir(), 'aether-symlinks-'));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(join(repo, path, '..'), { recursive: true });
    writeFileSync(join(repo, path), text);
  }
  for (const [path, target] of Object.entries(links)) symlinkSync(target, join(repo, path));
  commitAll(repo, 'links');
  return repo;
}

/** A Node.js app whose build prints `paths` and whose server serves any file of its folder. */
function nodeApp(paths: string[], links: Record<string, string>): string {
  return repository(
    {
      'package.json': JSON.stringify({
        name: 'links',
        version: '1.0.0',
        scripts: { build: paths.map((p) => `cat ${p} || true`).join('; '), start: 'node server.js' },
      }),
      'server.js': `require('node:http').createServer((req, res) => {
  try { res.end(require('node:fs').readFileSync('.' + req.url)); } catch { res.statusCode = 404; res.end(); }
}).listen(process.env.PORT);`,
    },
    links,
  );
}

async function served(image: { imageId: string; port: number | null }, path: string): Promise<string> {
  const { container, port } = await runImage(image);
  try {
    return (await eventually(() => get(port, 'localhost', path))).body;
  } finally {
    await container.remove({ force: true });
  }
}

describe('a repository that links out of its checkout', () => {
  beforeAll(() => {
    expect(readFileSync('/proc/self/environ', 'utf8').split('\0')).toContain(BUILDER_ENVIRONMENT);
  });

  it("cannot put the builder's environment into the build through a .dockerignore linked to /proc/self/environ", async () => {
    const lines: BuildLogLine[] = [];
    const image = await buildLocal(nodeApp(['.dockerignore'], { '.dockerignore': '/proc/self/environ' }), 'aether-test/links-ignore:latest', { lines });

    expect(lines.map((l) => l.text).join('\n')).not.toContain(BUILDER_ENVIRONMENT);
    expect(await served(image, '/.dockerignore')).not.toContain(BUILDER_ENVIRONMENT);
    expect(await imageContains(image.imageId, BUILDER_ENVIRONMENT)).toBe(false);
  });

  it('cannot read host files through a linked manifest or a linked parent directory', async () => {
    await expect(buildLocal(repository({ 'index.txt': '' }, { 'package.json': '/etc/passwd' }), 'aether-test/links-manifest:latest')).rejects.toThrow(
      /could not tell how to build this project/,
    );
    const lines: BuildLogLine[] = [];
    const image = await buildLocal(nodeApp(['host/environ'], { host: '/proc/self' }), 'aether-test/links-parent:latest', { lines });
    expect(lines.map((l) => l.text).join('\n')).not.toContain(BUILDER_ENVIRONMENT);
    expect(await imageContains(image.imageId, BUILDER_ENVIRONMENT)).toBe(false);
  });

  it("serves a static site's link to /proc/self/environ as a link, never the builder's environment", async () => {
    const image = await buildLocal(repository({ 'index.html': '<p>site</p>' }, { 'environ.txt': '/proc/self/environ', '.dockerignore': '/proc/self/environ' }), 'aether-test/links-static:latest');
    expect(await served(image, '/environ.txt')).not.toContain(BUILDER_ENVIRONMENT);
    expect(await served(image, '/.dockerignore')).not.toContain(BUILDER_ENVIRONMENT);
    expect(await imageContains(image.imageId, BUILDER_ENVIRONMENT)).toBe(false);
  });
});
