import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DeploymentReply, ProjectReply } from '../control/src/api/replies.js';
import { type ApiUser, callApi, FINAL_STATUSES, signUp, untilStatus } from './support/api-user.js';
import { docker } from './support/docker.js';
import { get, type Reply } from './support/http.js';
import { startStack } from './support/stack.js';

// Apps as their frameworks' own generators make them, each imported and deployed through the HTTP
// API with no settings, then asked through Traefik, on the project's host, for a page, another
// page, and a path the app does not have, whose 404 must be the app's own.

const fixturesDir = fileURLToPath(new URL('./fixtures', import.meta.url));
// Not localhost: a deployed app answers its project's domain.
const APPS_DOMAIN = 'apps.aether.test';

/** What a path with no page gets: the app's own not-found page with status 404, or an SPA's shell with 200. */
type Missing = { status: 404; body: string } | { status: 200; shell: true };

interface Framework {
  name: string;
  /** The framework's name as the dashboard shows it. */
  framework: string;
  /** Where the app's first page is and what it holds, when not / with the fixture's marker. */
  home?: { path: string; body: string };
  /** Text a page other than / holds, proving more than the shell is served. */
  page?: { path: string; body: string };
  /** A file the pages need, with its type. */
  asset?: { path: string; type: string };
  missing: Missing;
}

const frameworks: Framework[] = [
  { name: 'static-site', framework: 'Static', missing: { status: 404, body: 'No such page on the static site' } },
  // npm create vite's React starter: a client route gets the shell, a file of public/ is itself.
  { name: 'vite-react', framework: 'Vite', asset: { path: '/favicon.svg', type: 'image/svg+xml' }, missing: { status: 200, shell: true } },
  // create-next-app's empty app: the standalone server the builder turns on, with Next.js's own not-found page.
  { name: 'next-starter', framework: 'Next.js', missing: { status: 404, body: 'This page could not be found.' } },
  // A monorepo deployed from its root (build-monorepo.test.ts builds the others from theirs):
  // create-nx-workspace's Express preset, webpack's bundle shipped with the files it requires,
  // tslib among them, a devDependency of the root that the production install leaves out.
  { name: 'nx-starter', framework: 'Express', home: { path: '/api', body: 'aether-fixture:nx-starter' }, missing: { status: 404, body: 'Cannot GET /no/such/page' } },
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
    // The admin's styles, which Django itself does not serve with DEBUG off.
    asset: { path: '/static/admin/css/base.css', type: 'text/css' },
    missing: { status: 404, body: 'The requested resource was not found on this server.' },
  },
  // @astrojs/node's standalone server, which listens on localhost unless told otherwise.
  {
    name: 'astro-node',
    framework: 'Astro',
    page: { path: '/about/', body: 'About this site' },
    missing: { status: 404, body: 'This page is not on the Astro site' },
  },
  // `nest build`, then node on the built entry: never `nest start`, whose CLI is a devDependency.
  { name: 'nest-app', framework: 'NestJS', missing: { status: 404, body: 'Cannot GET /no/such/page' } },
  // The monorepo's default app, bundled to dist/apps/<root>/main.js.
  { name: 'nest-monorepo', framework: 'NestJS', missing: { status: 404, body: 'Cannot GET /no/such/page' } },
  {
    name: 'sveltekit-node',
    framework: 'SvelteKit',
    page: { path: '/about', body: 'About this SvelteKit app.' },
    missing: { status: 404, body: 'Not Found' },
  },
  // A page per doc, and Docusaurus's own 404.html for the rest.
  {
    name: 'docusaurus-site',
    framework: 'Docusaurus',
    page: { path: '/docs/intro/', body: 'Docusaurus in less than 5 minutes' },
    missing: { status: 404, body: 'Page Not Found' },
  },
  // gatsby-starter-minimal's pages: a file per page, and the site's own 404 page for the rest.
  {
    name: 'gatsby-site',
    framework: 'Gatsby',
    page: { path: '/about/', body: 'About this Gatsby site.' },
    missing: { status: 404, body: 'Page not found' },
  },
  // Its page is a script shell the app fills over a WebSocket; the server's health is its own route.
  { name: 'streamlit-app', framework: 'Streamlit', home: { path: '/', body: '<title>Streamlit</title>' }, page: { path: '/_stcore/health', body: 'ok' }, missing: { status: 200, shell: true } },
];

let user: ApiUser;

beforeAll(async () => {
  user = await signUp(await startStack('frameworks', { control: { AETHER_APPS_DOMAIN: APPS_DOMAIN } }), 'frameworks@example.com');
}, 180_000);

afterAll(async () => {
  await user?.stack.stop();
});

/** A project of `fixture`'s files, with no settings. */
function imported(fixture: string): Promise<ProjectReply> {
  return callApi<ProjectReply>(user, 'POST', '/projects', { slug: fixture, repository: user.stack.addDirectory(fixture, join(fixturesDir, fixture)) });
}

/** A new deployment of the project's branch, once final. */
async function deployed(project: ProjectReply): Promise<DeploymentReply> {
  const deployments = `/projects/${project.id}/deployments`;
  const queued = await callApi<DeploymentReply>(user, 'POST', deployments);
  return untilStatus<DeploymentReply>(user, deployments, queued.id, FINAL_STATUSES, 900_000);
}

/** `path` on the project's host, through Traefik; an answer the app gave carries its deployment's header. */
async function fromApp(slug: string, path: string): Promise<Reply> {
  const reply = await get(user.stack.traefikPort, `${slug}.${APPS_DOMAIN}`, path);
  expect(reply.headers['x-aether-deployment'], `${path} answered by Traefik, not the app: ${reply.status} ${reply.body}`).toBeDefined();
  return reply;
}

const homeBody = (fixture: Framework) => fixture.home?.body ?? `aether-fixture:${fixture.name}`;

describe.each(frameworks)('$name: deployed with no settings, served as its framework serves it in production', (fixture) => {
  let project: ProjectReply;
  let deployment: DeploymentReply;

  beforeAll(async () => {
    project = await imported(fixture.name);
    deployment = await deployed(project);
    expect(deployment.status, deployment.error ?? '').toBe('ready');
    const { Size } = await docker.getImage(deployment.imageId!).inspect();
    // Figures to read in the test's output, not assertions.
    console.log(`${fixture.name}: built in ${((deployment.durations.buildMs ?? 0) / 1000).toFixed(1)} s, image ${(Size / 1e6).toFixed(1)} MB`);
  }, 900_000);

  // What each left running is gone before the next builds.
  afterAll(async () => {
    if (project !== undefined) await callApi(user, 'DELETE', `/projects/${project.id}`);
  });

  it('serves its home page and pages', async () => {
    const home = await fromApp(fixture.name, fixture.home?.path ?? '/');
    expect(home.status).toBe(200);
    expect(home.body).toContain(homeBody(fixture));
    if (fixture.page !== undefined) {
      const page = await fromApp(fixture.name, fixture.page.path);
      expect(page.status).toBe(200);
      expect(page.body).toContain(fixture.page.body);
    }
    if (fixture.asset !== undefined) {
      const asset = await fromApp(fixture.name, fixture.asset.path);
      expect(asset.status).toBe(200);
      expect(asset.headers['content-type']).toContain(fixture.asset.type);
    }
  });

  it(fixture.missing.status === 404 ? "answers a missing page with 404 and the app's own not-found page" : 'answers a client-side route with its shell', async () => {
    const reply = await fromApp(fixture.name, '/no/such/page');
    expect(reply.status).toBe(fixture.missing.status);
    expect(reply.body).toContain('body' in fixture.missing ? fixture.missing.body : homeBody(fixture));
  });

  it('says which framework it found', () => {
    expect(deployment.framework).toBe(fixture.framework);
  });
});

describe('a Go module with several commands', () => {
  it('fails its first deployment naming the commands and the setting, and deploys the one the setting picks', async () => {
    const project = await imported('go-commands');
    const deployment = await deployed(project);
    expect(deployment.status).toBe('failed');
    expect(deployment.error).toContain('several commands (cmd/api, cmd/worker)');
    expect(deployment.error).toContain('buildCommand is required');

    await callApi(user, 'PATCH', `/projects/${project.id}`, { settings: { buildCommand: 'go build -o /out/app ./cmd/api' } });
    const chosen = await deployed(project);
    expect(chosen.status, chosen.error ?? '').toBe('ready');
    expect((await fromApp('go-commands', '/')).body).toContain('aether-fixture:go-commands');
    expect((await fromApp('go-commands', '/no/such/page')).status).toBe(404);
  }, 900_000);
});
