import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type Docker from 'dockerode';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BuiltImage } from '../builder/src/build-project.js';
import { buildLocal, commitAll, runImage } from './support/build.js';
import { eventually, get } from './support/http.js';

// aether.json's redirects and headers, built into a static site's image and answered by its real
// file server: what a user of vercel.json expects of them.

const HOST = 'site.aether.test';

let image: BuiltImage;
let app: { container: Docker.Container; port: number };

beforeAll(async () => {
  const repo = mkdtempSync(join(tmpdir(), 'aether-static-rules-'));
  writeFileSync(join(repo, 'index.html'), '<h1>aether-fixture:static-rules</h1>');
  writeFileSync(join(repo, '404.html'), 'No such page here');
  writeFileSync(join(repo, 'new-home.html'), 'The new home of the page');
  writeFileSync(
    join(repo, 'aether.json'),
    JSON.stringify({
      redirects: [
        { source: '/old/{*}.html', destination: '/$1.html' },
        { source: '/docs/**', destination: 'https://docs.example.com/', permanent: false },
      ],
      headers: [{ source: '/**', headers: { 'X-Frame-Options': 'DENY', 'Permissions-Policy': 'camera=()' } }],
    }),
  );
  commitAll(repo, 'A static site with redirects and headers');
  image = await buildLocal(repo, 'aether-test/static-rules:latest');
  app = await runImage(image);
}, 300_000);

afterAll(async () => {
  await app?.container.remove({ force: true });
});

describe("a static site's aether.json redirects and headers", () => {
  it('redirects a matching path, with what the pattern matched, permanently unless told otherwise', async () => {
    const moved = await eventually(async () => {
      const reply = await get(app.port, HOST, '/old/new-home.html');
      expect(reply.status).toBe(301);
      return reply;
    }, 60_000);
    expect(moved.headers.location).toBe('/new-home.html');
    const away = await get(app.port, HOST, '/docs/start');
    expect(away.status).toBe(302);
    expect(away.headers.location).toBe('https://docs.example.com/');
  });

  it('adds the headers to the answers of matching paths', async () => {
    const home = await eventually(() => get(app.port, HOST, '/'), 60_000);
    expect(home.body).toContain('aether-fixture:static-rules');
    expect(home.headers['x-frame-options']).toBe('DENY');
    expect(home.headers['permissions-policy']).toBe('camera=()');
  });

  it('keeps serving the site as before: its pages, and its 404 page for the rest', async () => {
    expect((await get(app.port, HOST, '/new-home.html')).body).toContain('The new home of the page');
    const missing = await get(app.port, HOST, '/no/such/page');
    expect(missing.status).toBe(404);
    expect(missing.body).toContain('No such page here');
  });

  it("publishes no file of Aether's own beside the site's", async () => {
    for (const path of ['/static-web-server.toml', '/etc/static-web-server.toml', '/.aether/Dockerfile']) {
      expect((await get(app.port, HOST, path)).status, path).toBe(404);
    }
  });
});
