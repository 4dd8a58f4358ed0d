import type { NodeStart } from './detection.js';
import { isPlainPath, normalizePath, type SourceTree } from './source-tree.js';

// `nest build` (the template's build script) builds the default project. The CLI's bundlers, webpack
// and rspack (what `nest generate app` turns a project to, monorepo mode), write it to
// dist/<root>/<entryFile>.js whatever the tsconfig says, with nest-cli.json's top-level `root` and
// `entryFile` (a project's own apply to `nest build <project>` only). tsc writes where the tsconfig
// puts it: dist/main.js for a standard project.

// The CLI reads the first of these it finds.
const CONFIGS = ['nest-cli.json', '.nest-cli.json'];
const BUNDLERS = new Set(['webpack', 'rspack']);
const STANDARD: NodeStart = { type: 'file', path: 'dist/main.js' };


export function nestStart(tree: SourceTree): NodeStart {
  const file = CONFIGS.find((name) => tree.readText(name) !== undefined);
  if (file === undefined) return STANDARD;
  const config = parseObject(tree.readText(file) ?? '');
  if (config === null) return unknown(`${file} is not a JSON object, which nest build refuses too`);
  const compilerOptions = isObject(config['compilerOptions']) ? config['compilerOptions'] : {};
  if (!bundled(compilerOptions)) {
    return config['monorepo'] === true
      ? unknown(`${file} builds the monorepo's default app with tsc or swc, whose output path follows the app's tsconfig; set the start command to run its main.js`)
      : STANDARD;
  }
  const root = config['root'] === undefined ? '' : relativePath(config['root']);
  const entryFile = config['entryFile'] === undefined ? 'main' : relativePath(config['entryFile']);
  if (root === null) return unknown(`${file}'s root ${JSON.stringify(config['root'])} is not a relative path of plain folder names`);
  if (entryFile === null || entryFile === '') {
    return unknown(`${file}'s entryFile ${JSON.stringify(config['entryFile'])} is not a relative path of plain names`);
  }
  return { type: 'file', path: ['dist', root, `${entryFile}.js`].filter((part) => part !== '').join('/') };
}

// As the CLI decides: any truthy `webpack`, else `builder` as a name or `{ type }`.
function bundled(compilerOptions: Record<string, unknown>): boolean {
  if (compilerOptions['webpack']) return true;
  const builder = compilerOptions['builder'];
  const type = isObject(builder) ? builder['type'] : builder;
  return typeof type === 'string' && BUNDLERS.has(type);
}

/** The option as plain relative segments ('' for the folder itself), null when it is anything else. */
function relativePath(value: unknown): string | null {
  if (typeof value !== 'string' || value.startsWith('/')) return null;
  const path = normalizePath(value);
  // It becomes the argument of the image's start command.
  return path === '' || isPlainPath(path) ? path : null;
}

function parseObject(text: string): Record<string, unknown> | null {
  try {
    const value: unknown = JSON.parse(text);
    return isObject(value) ? value : null;
  } catch {
    return null;
  }
}

function unknown(found: string): NodeStart {
  return { type: 'unknown', found };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
