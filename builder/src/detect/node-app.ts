import { detectAngular } from './angular.js';
import { detectExpo } from './expo.js';
import type { NodeApp, NodeStart, ServerFramework, StaticRouting } from './detection.js';
import type { PackageJson } from './package-json.js';
import type { SourceTree } from './source-tree.js';
import { bundlerRouting, MULTI_PAGE, staticPageName } from './static-routing.js';

// Where bundlers (Parcel, webpack's HTML plugin, esbuild scripts) take a site's page from.
const PAGES = ['index.html', 'src/index.html', 'public/index.html'];

const NEXT_CONFIGS = ['next.config.js', 'next.config.mjs', 'next.config.cjs', 'next.config.ts'];
const SVELTE_CONFIGS = ['svelte.config.js', 'svelte.config.mjs', 'svelte.config.ts'];

// TanStack Start builds with Vite into dist/client and dist/server/server.js, a fetch handler; with
// Nitro (vinxi before 1.121, the nitro Vite plugin since), into a Node server in .output/.
const TANSTACK_START = ['@tanstack/react-start', '@tanstack/solid-start'];
const NITRO = ['nitro', 'nitropack', 'vinxi'];

// Frameworks whose server build has a fixed entry file, started with `node <entry>`. It is used
// rather than the start script, which in these templates is often a dev server ("astro dev").
const SERVER_ENTRIES: ReadonlyArray<{ framework: ServerFramework; entry: string; test(pkg: PackageJson): boolean }> = [
  { framework: 'nuxt', entry: '.output/server/index.mjs', test: (pkg) => pkg.dependencies.has('nuxt') },
  { framework: 'sveltekit', entry: 'build/index.js', test: (pkg) => pkg.dependencies.has('@sveltejs/kit') },
  {
    framework: 'tanstack-start',
    entry: '.output/server/index.mjs',
    test: (pkg) => TANSTACK_START.some((name) => pkg.dependencies.has(name)),
  },
  {
    framework: 'astro',
    entry: 'dist/server/entry.mjs',
    test: (pkg) => pkg.dependencies.has('astro') && pkg.dependencies.has('@astrojs/node'),
  },
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
  // adapter-static turns SvelteKit into static files, which its server entry would not find.
  if (pkg.dependencies.has('@sveltejs/kit') && pkg.dependencies.has('@sveltejs/adapter-static')) {
    return { type: 'static', framework: 'sveltekit', outputDir: 'build', routing: svelteKitRouting(tree) };
  }
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
  const withEntry = SERVER_ENTRIES.find((rule) => rule.test(pkg));
  if (withEntry) {
    return { type: 'server', framework: withEntry.framework, start: { type: 'file', path: withEntry.entry } };
  }
  const withScript = SERVER_SCRIPTS.find((rule) => rule.test(pkg));
  if (withScript) return { type: 'server', framework: withScript.framework, start: startFrom(pkg) };
  // Checked after the server frameworks: Vite also builds the client half of SSR apps.
  if (pkg.dependencies.has('react-scripts')) return { type: 'static', framework: 'create-react-app', outputDir: 'build', routing: bundlerRouting(tree) };
  // Astro builds a page per route; before Vite, which its projects may list too.
  if (pkg.dependencies.has('astro')) return { type: 'static', framework: 'astro', outputDir: 'dist', routing: MULTI_PAGE };
  if (pkg.dependencies.has('vite')) return { type: 'static', framework: 'vite', outputDir: 'dist', routing: bundlerRouting(tree) };
  const start = startFrom(pkg);
  // Nothing starts it and it has a page to build from, so what its build writes is the site. The
  // page is required: a server compiled by `tsc` without a start script must not be published as files.
  if (start.type === 'unknown' && pkg.scripts.has('build') && PAGES.some((page) => tree.exists(page))) {
    return { type: 'static', framework: 'custom', outputDir: 'dist', routing: bundlerRouting(tree) };
  }
  return { type: 'server', framework: null, start };
}

function startFrom(pkg: PackageJson): NodeStart {
  if (pkg.scripts.has('start')) return { type: 'script' };
  if (pkg.main !== null) return { type: 'file', path: pkg.main };
  return { type: 'unknown' };
}

// `output: 'export'` writes plain files to out/ and no server, so standalone output would not exist.
function staticExport(tree: SourceTree): boolean {
  return NEXT_CONFIGS.some((file) => /\boutput\s*:\s*['"`]export['"`]/.test(tree.readText(file) ?? ''));
}

// adapter-static's `fallback` page makes the app single-page: routes not prerendered load it.
function svelteKitRouting(tree: SourceTree): StaticRouting {
  for (const file of SVELTE_CONFIGS) {
    const fallback = /\bfallback\s*:\s*['"`]([^'"`]+)['"`]/.exec(tree.readText(file) ?? '')?.[1];
    const shell = fallback === undefined ? null : staticPageName(fallback);
    if (shell !== null) return { type: 'single-page', shell };
  }
  return MULTI_PAGE;
}
