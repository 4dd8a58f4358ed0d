import { cpSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type Docker from 'dockerode';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BuiltImage } from '../builder/src/build-project.js';
import { buildLocal, commitAll, runImage } from './support/build.js';
import { docker } from './support/docker.js';
import { eventually, get } from './support/http.js';

// Apps as their frameworks' own generators make them, each built with no settings and asked for a
// page, a path the app does not have, and, through the host a domain would route, its content.

const fixturesDir = fileURLToPath(new URL('./fixtures', import.meta.url));
// Not localhost: a deployed app answers its project's domain.
const HOST = 'shop.aether.test';

/** What a path with no page gets: the app's own not-found page with status 404, or an SPA's shell with 200. */
type Missing = { status: 404; body: string } | { status: 200; shell: true };

interface Framework {
  name: string;
  /** The framework's name as the dashboard shows it. */
  framework: string;
  /** Text a page other than / holds, proving more than the shell is served. */
  page?: { path: string; body: string };
  missing: Missing;
}

const frameworks: Framework[] = [
  { name: 'static-site', framework: 'Static', missing: { status: 404, body: 'No such page on the static site' } },
  {
    name: 'astro-static',
    framework: 'Astro',
    page: { path: '/about/', body: 'About this site' },
    missing: { status: 404, body: 'This page is not on the Astro site' },
  },
  { name: 'angular-app', framework: 'Angular', missing: { status: 200, shell: true } },
  // Prerendered pages, rendered on the server for the domain's Host; Express answers other paths.
  { name: 'angular-ssr', framework: 'Angular', missing: { status: 404, body: 'Cannot GET /no/such/page' } },
  {
    name: 'fasthtml-app',
    framework: 'FastHTML',
    page: { path: '/change', body: 'Nice to be here!' },
    missing: { status: 404, body: '404 Not Found' },
  },
  {
    name: 'tanstack-start',
    framework: 'TanStack Start',
    page: { path: '/about', body: 'A small starter with room to grow.' },
    missing: { status: 404, body: 'Not Found' },
  },
  // A page per route (app.json's web.output static), and Expo Router's +not-found page for the rest.
  {
    name: 'expo-app',
    framework: 'Expo',
    page: { path: '/explore', body: 'This starter app includes example' },
    missing: { status: 404, body: '_expo/static/js/web/' },
  },
  // sv create's starter: adapter-auto, built where it picks adapter-node, whose server runs.
  {
    name: 'sveltekit-app',
    framework: 'SvelteKit',
    page: { path: '/about', body: 'About this SvelteKit app.' },
    missing: { status: 404, body: 'Not Found' },
  },
  // Nitro's server from .output, rendering the page on each request.
  {
    name: 'nuxt-app',
    framework: 'Nuxt',
    page: { path: '/about', body: 'About this Nuxt app.' },
    missing: { status: 404, body: 'Page not found' },
  },
  // react-router-serve on the server build, with the root route's error boundary for the rest.
  {
    name: 'react-router-app',
    framework: 'React Router',
    page: { path: '/about', body: 'About this React Router app.' },
    missing: { status: 404, body: 'The requested page could not be found.' },
  },
  // startproject's settings (DEBUG on, no ALLOWED_HOSTS) under gunicorn, answering the domain's Host.
  {
    name: 'django-app',
    framework: 'Django',
    page: { path: '/about/', body: 'About this Django project.' },
    missing: { status: 404, body: 'The requested resource was not found on this server.' },
  },
  // @astrojs/node's standalone server, which listens on localhost unless told otherwise.
  {
    name: 'astro-node',
    framework: 'Astro',
    page: { path: '/about/', body: 'About this site' },
    missing: { status: 404, body: 'This page is not on the Astro site' },
  },
];

function build(name: string): Promise<BuiltImage> {
  const repo = mkdtempSync(join(tmpdir(), `aether-${name}-`));
  cpSync(join(fixturesDir, name), repo, { recursive: true });
  commitAll(repo, `Fixture ${name}`);
  return buildLocal(repo, `aether-test/fixture-${name}:latest`);
}

describe.each(frameworks)('$name: built with no settings, served as its framework serves it in production', (fixture) => {
  let image: BuiltImage;
  let app: { container: Docker.Container; port: number };

  beforeAll(async () => {
    const started = Date.now();
    image = await build(fixture.name);
    const { Size } = await docker.getImage(image.imageId).inspect();
    // Figures for the bench's builds table, not assertions.
    console.log(`${fixture.name}: built in ${((Date.now() - started) / 1000).toFixed(1)} s, image ${(Size / 1e6).toFixed(1)} MB`);
    app = await runImage(image);
  }, 900_000);

  afterAll(async () => {
    await app?.container.remove({ force: true });
  });

  it('serves its home page and pages', async () => {
    const home = await eventually(async () => {
      const reply = await get(app.port, HOST, '/');
      expect(reply.status).toBe(200);
      return reply;
    }, 60_000);
    expect(home.body).toContain(`aether-fixture:${fixture.name}`);
    if (fixture.page !== undefined) {
      const page = await get(app.port, HOST, fixture.page.path);
      expect(page.status).toBe(200);
      expect(page.body).toContain(fixture.page.body);
    }
  });

  it(fixture.missing.status === 404 ? "answers a missing page with 404 and the app's own not-found page" : 'answers a client-side route with its shell', async () => {
    const reply = await eventually(() => get(app.port, HOST, '/no/such/page'), 60_000);
    expect(reply.status).toBe(fixture.missing.status);
    if ('body' in fixture.missing) expect(reply.body).toContain(fixture.missing.body);
    else expect(reply.body).toContain(`aether-fixture:${fixture.name}`);
  });

  it('says which framework it found', () => {
    expect(image.framework).toBe(fixture.framework);
  });
});
