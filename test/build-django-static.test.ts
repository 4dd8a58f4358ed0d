import { randomBytes } from 'node:crypto';
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type Docker from 'dockerode';
import { afterEach, describe, expect, it } from 'vitest';
import type { BuildLogLine } from '../contract/build-streams.js';
import type { BuiltImage } from '../builder/src/build-project.js';
import { buildLocal, commitAll, imageContains, runImage } from './support/build.js';
import { eventually, get } from './support/http.js';

// Django serves no static files with DEBUG off, so a deployed startproject's admin would have no
// styles. The build collects them, with the build's variables, and WhiteNoise serves them; settings
// that need a variable the build lacks leave the app running as before, the log saying why.

const fixture = fileURLToPath(new URL('./fixtures/django-app', import.meta.url));
const ADMIN_CSS = '/static/admin/css/base.css';
const running: Docker.Container[] = [];

afterEach(async () => {
  for (const container of running.splice(0)) await container.remove({ force: true });
});

/** startproject's app, with its SECRET_KEY read from the environment as its deployment checklist advises. */
function projectReadingItsKey(): string {
  const repo = mkdtempSync(join(tmpdir(), 'aether-django-static-'));
  cpSync(fixture, repo, { recursive: true });
  const settings = join(repo, 'mysite/settings.py');
  // A source of its own each run, so that the collecting step runs and logs rather than being taken from the cache.
  const text = readFileSync(settings, 'utf8').replace(/^SECRET_KEY = .*$/m, `SECRET_KEY = __import__("os").environ["DJANGO_SECRET_KEY"]  # ${randomBytes(6).toString('hex')}`);
  writeFileSync(settings, text);
  commitAll(repo, 'SECRET_KEY from the environment');
  return repo;
}

async function started(image: BuiltImage): Promise<number> {
  const app = await runImage(image, [`DJANGO_SECRET_KEY=${randomBytes(16).toString('hex')}`]);
  running.push(app.container);
  await eventually(async () => expect((await get(app.port, 'shop.aether.test', '/')).status).toBe(200), 60_000);
  return app.port;
}

describe("a Django project's static files", () => {
  it("are collected with the build's variables and served, the variable in no byte of the image", async () => {
    const key = `django-build-${randomBytes(12).toString('hex')}`;
    const image = await buildLocal(projectReadingItsKey(), 'aether-test/django-static:latest', {
      variables: [{ name: 'DJANGO_SECRET_KEY', value: key, secret: true }],
    });
    const port = await started(image);
    const css = await get(port, 'shop.aether.test', ADMIN_CSS);
    expect(css.status).toBe(200);
    expect(css.headers['content-type']).toMatch(/^text\/css/);
    expect(css.body).toContain('DJANGO Admin styles');
    expect((await get(port, 'shop.aether.test', '/static/admin/css/no-such.css')).status).toBe(404);
    expect(await imageContains(image.imageId, key)).toBe(false);
  });

  it('that cannot be collected leave the app deploying as it would without them, the build log saying why and what to set', async () => {
    const lines: BuildLogLine[] = [];
    const image = await buildLocal(projectReadingItsKey(), 'aether-test/django-static-missing:latest', { lines });
    const log = lines.map((line) => line.text).join('\n');
    expect(log).toContain("KeyError: 'DJANGO_SECRET_KEY'");
    expect(log).toContain("Aether could not collect Django's static files");
    expect(log).toContain('variables of the build scope');
    const port = await started(image);
    expect((await get(port, 'shop.aether.test', ADMIN_CSS)).status).toBe(404);
  });
});
