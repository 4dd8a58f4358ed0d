import { detectAngular } from './angular.js';
import type { NodeApp, NodeStart, ServerFramework } from './detection.js';
import { detectExpo } from './expo.js';
import { nestStart } from './nest.js';
import { nxServerEntry } from './nx.js';
import type { PackageJson } from './package-json.js';
import type { SourceTree } from './source-tree.js';
import { bundlerRouting, MULTI_PAGE, SINGLE_PAGE } from './static-routing.js';
import { detectSvelteKit } from './sveltekit.js';

// Where bundlers (Parcel, webpack's HTML plugin, esbuild scripts) take a site's page from.
const PAGES = ['index.html', 'src/index.html', 'public/index.html'];

const NEXT_CONFIGS = ['next.config.js', 'next.config.mjs', 'next.config.cjs', 'next.config.ts'];
const ASTRO_CONFIGS = ['astro.config.mjs', 'astro.config.js', 'astro.config.ts', 'astro.config.mts', 'astro.config.cjs'];
const REACT_ROUTER_CONFIGS = ['react-router.config.ts', 'react-router.config.js', 'react-router.config.mjs', 'react-router.config.mts'];

// TanStack Start builds with Vite into dist/client and dist/server/server.js, a fetch handler; with
// Nitro (vinxi before 1.121, the nitro Vite plugin since), into a Node server in .output/.
const TANSTACK_START = ['@tanstack/react-start', '@tanstack/solid-start'];
const NITRO = ['nitro', 'nitropack', 'vinxi'];

// Nitro's node server: .output/ holds the server and the dependencies it traced, and is deployed alone.
const NITRO_OUTPUT: NodeStart = { type: 'output', dir: '.output', entry: '.output/server/index.mjs' };

// Frameworks whose server build has a known entry, used rather than the start script, which in
// these templates is often a dev server ("astro dev").
const SERVER_ENTRIES: ReadonlyArray<{ framework: ServerFramework; start(tree: SourceTree): NodeStart; test(pkg: PackageJson): boolean }> = [
  { framework: 'nuxt', start: () => NITRO_OUTPUT, test: (pkg) => pkg.dependencies.has('nuxt') },
  { framework: 'tanstack-start', start: () => NITRO_OUTPUT, test: (pkg) => TANSTACK_START.some((name) => pkg.dependencies.has(name)) },
  {
    framework: 'astro',
    start: (tree) => (astroMiddleware(tree) ? ASTRO_MIDDLEWARE : { type: 'file', path: 'dist/server/entry.mjs' }),
    test: (pkg) => pkg.dependencies.has('astro') && pkg.dependencies.has('@astrojs/node'),
  },
  // `nest start` is the CLI's, a devDependency; the template's start:prod runs the compiled main.
  { framework: 'nestjs', start: nestStart, test: (pkg) => pkg.dependencies.has('@nestjs/core') },
];

// Server frameworks started by the project's own start script or main.
const SERVER_SCRIPTS: ReadonlyArray<{ framework: ServerFramework; test(pkg: PackageJson): boolean }> = [
  { framework: 'remix', test: (pkg) => [...pkg.dependencies].some((name) => name.startsWith('@remix-run/')) },
  { framework: 'react-router', test: (pkg) => pkg.dependencies.has('@react-router/serve') },
  { framework: 'express', test: (pkg) => pkg.dependencies.has('express') },
  { framework: 'hono', test: (pkg) => pkg.dependencies.has('hono') },
  { framework: 'fastify', test: (pkg) => pkg.dependencies.has('fastify') },
];

export function detectNodeApp(tree: SourceTree, pkg: PackageJson): NodeApp {
  if (pkg.dependencies.has('next')) {
    // An export writes a page per route and its own 404.html.
    return staticExport(tree) ? { type: 'static', framework: 'next', outputDir: 'out', routing: MULTI_PAGE } : { type: 'next' };
  }
  const svelteKit = detectSvelteKit(tree, pkg);
  if (svelteKit !== null) return svelteKit;
  // Before the server frameworks: an Angular app with server rendering depends on express.
  const angular = detectAngular(tree, pkg);
  if (angular !== null) return angular;
  // Its start script is a dev server, and its web build is files.
  const expo = detectExpo(tree, pkg);
  if (expo !== null) return expo;
  // Before Vite, which builds it, and before its Nitro server's rule below.
  if (TANSTACK_START.some((name) => pkg.dependencies.has(name)) && !NITRO.some((name) => pkg.dependencies.has(name))) {
    return { type: 'server', framework: 'tanstack-start', start: { type: 'fetch-handler', entry: 'dist/server/server.js', staticDir: '../client' } };
  }
  // Site generators that write a page per route and their own 404.html.
  if (pkg.dependencies.has('gatsby')) return { type: 'static', framework: 'gatsby', outputDir: 'public', routing: MULTI_PAGE };
  if (pkg.dependencies.has('@docusaurus/core')) return { type: 'static', framework: 'docusaurus', outputDir: 'build', routing: MULTI_PAGE };
  // SPA mode (`ssr: false`) writes build/client only, which react-router-serve cannot start from.
  if (pkg.dependencies.has('@react-router/dev') && REACT_ROUTER_CONFIGS.some((file) => /\bssr\s*:\s*false\b/.test(tree.readText(file) ?? ''))) {
    return { type: 'static', framework: 'react-router', outputDir: 'build/client', routing: SINGLE_PAGE };
  }
  const withEntry = SERVER_ENTRIES.find((rule) => rule.test(pkg));
  if (withEntry) return { type: 'server', framework: withEntry.framework, start: withEntry.start(tree) };
  const withScript = SERVER_SCRIPTS.find((rule) => rule.test(pkg));
  if (withScript) return { type: 'server', framework: withScript.framework, start: startFrom(pkg, tree) };
  // Checked after the server frameworks: Vite also builds the client half of SSR apps.
  if (pkg.dependencies.has('react-scripts')) return { type: 'static', framework: 'create-react-app', outputDir: 'build', routing: bundlerRouting(tree) };
  // Astro builds a page per route; before Vite, which its projects may list too.
  if (pkg.dependencies.has('astro')) return { type: 'static', framework: 'astro', outputDir: 'dist', routing: MULTI_PAGE };
  if (pkg.dependencies.has('vite')) return { type: 'static', framework: 'vite', outputDir: 'dist', routing: bundlerRouting(tree) };
  const start = startFrom(pkg, tree);
  // Nothing starts it and it has a page to build from, so what its build writes is the site. The
  // page is required: a server compiled by `tsc` without a start script must not be published as files.
  if (start.type === 'unknown' && pkg.scripts.has('build') && PAGES.some((page) => tree.exists(page))) {
    return { type: 'static', framework: 'custom', outputDir: 'dist', routing: bundlerRouting(tree) };
  }
  return { type: 'server', framework: null, start };
}

function startFrom(pkg: PackageJson, tree: SourceTree): NodeStart {
  if (pkg.scripts.has('start')) return { type: 'script' };
  if (pkg.main !== null) return { type: 'file', path: pkg.main };
  return nxServerEntry(tree) ?? NO_START;
}

// `output: 'export'` writes plain files to out/ and no server, so standalone output would not exist.
function staticExport(tree: SourceTree): boolean {
  return NEXT_CONFIGS.some((file) => /\boutput\s*:\s*['"`]export['"`]/.test(tree.readText(file) ?? ''));
}

// @astrojs/node's middleware mode exports a handler for the project's own server and listens nowhere.
function astroMiddleware(tree: SourceTree): boolean {
  return ASTRO_CONFIGS.some((file) => /\bmode\s*:\s*['"`]middleware['"`]/.test(tree.readText(file) ?? ''));
}

const ASTRO_MIDDLEWARE: NodeStart = {
  type: 'unknown',
  found: "astro.config runs @astrojs/node in middleware mode, which starts no server; use mode 'standalone', or start the server that mounts its handler",
};

export const NO_START: NodeStart = { type: 'unknown', found: 'package.json has no start script or main, and no server framework Aether knows' };
