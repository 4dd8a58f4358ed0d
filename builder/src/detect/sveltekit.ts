import type { NodeApp, NodeStart, StaticRouting } from './detection.js';
import type { PackageJson } from './package-json.js';
import type { SourceTree } from './source-tree.js';
import { MULTI_PAGE, staticPageName } from './static-routing.js';

// SvelteKit's production output is its adapter's: adapter-node writes a server (build/index.js),
// adapter-static files (build/), and adapter-auto, which `sv create` leaves in a new app, the
// output of the host it recognises. Its config is svelte.config.js, or since SvelteKit 2.5x the
// sveltekit() plugin's options in vite.config; both are read for the literal adapter, never run.

const CONFIGS = ['svelte.config.js', 'svelte.config.mjs', 'svelte.config.ts', 'vite.config.ts', 'vite.config.js', 'vite.config.mjs', 'vite.config.mts'];
const ADAPTER_IMPORT = /['"`]@sveltejs\/adapter-([a-z0-9-]+)['"`]/;
const SERVER: NodeStart = { type: 'file', path: 'build/index.js' };

export function detectSvelteKit(tree: SourceTree, pkg: PackageJson): NodeApp | null {
  if (!pkg.dependencies.has('@sveltejs/kit')) return null;
  const adapter = configAdapter(tree) ?? dependencyAdapter(pkg);
  switch (adapter) {
    case 'static':
      return { type: 'static', framework: 'sveltekit', outputDir: 'build', routing: staticRouting(tree) };
    case 'node':
      return { type: 'server', framework: 'sveltekit', start: SERVER };
    case 'auto':
      return { type: 'server', framework: 'sveltekit', start: SERVER, build: 'gcp-buildpacks' };
    default:
      // Built as it is, so that a start command of the user's can run what the adapter writes.
      return { type: 'server', framework: 'sveltekit', start: { type: 'unknown', found: otherHost(adapter) } };
  }
}

function otherHost(adapter: string): string {
  return (
    `this SvelteKit app builds with @sveltejs/adapter-${adapter}, whose output runs on another host; ` +
    'use @sveltejs/adapter-node for a server or @sveltejs/adapter-static for files'
  );
}

function configAdapter(tree: SourceTree): string | null {
  for (const file of CONFIGS) {
    const adapter = ADAPTER_IMPORT.exec(tree.readText(file) ?? '')?.[1];
    if (adapter !== undefined) return adapter;
  }
  return null;
}

function dependencyAdapter(pkg: PackageJson): string {
  if (pkg.dependencies.has('@sveltejs/adapter-static')) return 'static';
  if (pkg.dependencies.has('@sveltejs/adapter-node')) return 'node';
  return 'auto';
}

// adapter-static's `fallback` page makes the app single-page: routes not prerendered load it.
function staticRouting(tree: SourceTree): StaticRouting {
  for (const file of CONFIGS) {
    const fallback = /\bfallback\s*:\s*['"`]([^'"`]+)['"`]/.exec(tree.readText(file) ?? '')?.[1];
    const shell = fallback === undefined ? null : staticPageName(fallback);
    if (shell !== null) return { type: 'single-page', shell };
  }
  return MULTI_PAGE;
}
