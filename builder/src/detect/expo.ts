import { DetectionError, type NodeApp, type StaticPageName, type StaticRouting } from './detection.js';
import type { PackageJson } from './package-json.js';
import type { SourceTree } from './source-tree.js';
import { SINGLE_PAGE } from './static-routing.js';

// An Expo app's web build is a static export (`expo export --platform web` into dist/); `expo
// start` is a dev server. app.json's `web.output` says which export: `single` (the default) is one
// page for the client's router; `static` a page per route, with +not-found.html for the rest.

const CONFIGS = ['app.config.ts', 'app.config.js', 'app.config.mjs', 'app.config.cjs'];
const PER_ROUTE: StaticRouting = { type: 'multi-page', notFound: '+not-found.html' as StaticPageName };

export function detectExpo(tree: SourceTree, pkg: PackageJson): NodeApp | null {
  if (!pkg.dependencies.has('expo')) return null;
  if (!pkg.dependencies.has('react-native-web')) {
    throw new DetectionError('this Expo app has no web build to deploy: it does not depend on react-native-web (npx expo install react-native-web react-dom)');
  }
  const output = webOutput(tree);
  if (output === 'server') {
    throw new DetectionError("app.json's expo.web.output is server, which Aether does not run: set the build and start commands, or use output static or single");
  }
  return { type: 'static', framework: 'expo', outputDir: 'dist', routing: output === 'static' ? PER_ROUTE : SINGLE_PAGE };
}

// app.json is data; a dynamic app.config.* is read for the literal setting only, never run.
function webOutput(tree: SourceTree): string | null {
  const json = tree.readText('app.json');
  if (json !== undefined) {
    const output = outputOf(json);
    if (output !== null) return output;
  }
  for (const file of CONFIGS) {
    const literal = /\boutput\s*:\s*['"`](single|static|server)['"`]/.exec(tree.readText(file) ?? '')?.[1];
    if (literal !== undefined) return literal;
  }
  return null;
}

function outputOf(text: string): string | null {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new DetectionError(`app.json is not valid JSON: ${(error as Error).message}`);
  }
  // Expo reads the settings under `expo`, or at the top level when there is no such key.
  const config = field(value, 'expo') ?? value;
  const output = field(field(config, 'web'), 'output');
  return typeof output === 'string' ? output : null;
}

// An array has no key of these names, so it needs no case of its own.
function field(value: unknown, key: string): unknown {
  return typeof value === 'object' && value !== null ? (value as Record<string, unknown>)[key] : undefined;
}
