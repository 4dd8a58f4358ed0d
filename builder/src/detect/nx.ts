import type { NodeStart } from './detection.js';
import { isPlainPath, normalizePath, type SourceTree } from './source-tree.js';

// An Nx app as create-nx-workspace makes it: no build or start script in its package.json, a
// build target Nx infers from its webpack config (`@nx/webpack/plugin`), and a Node.js server
// written by NxAppWebpackPlugin to the config's output path, main.js unless it names another file.

const WEBPACK_CONFIGS = ['webpack.config.js', 'webpack.config.ts', 'webpack.config.cjs', 'webpack.config.mjs'];
const NX_PLUGIN = /\bNxAppWebpackPlugin\b/;
const NODE_TARGET = /\btarget\s*:\s*['"`]node['"`]/;
// `output: { path: join(__dirname, 'dist') }`, as the generator writes it.
const OUTPUT_PATH = /\bpath\s*:\s*(?:path\.)?(?:join|resolve)\(\s*__dirname\s*,\s*['"`]([^'"`]+)['"`]\s*\)/;
const OUTPUT_FILE = /\boutputFileName\s*:\s*['"`]([^'"`]+)['"`]/;

function nxWebpackConfig(tree: SourceTree): string | null {
  for (const file of WEBPACK_CONFIGS) {
    const text = tree.readText(file);
    if (text !== undefined && NX_PLUGIN.test(text)) return text;
  }
  return null;
}

/** The project has a build target Nx runs: one in its project.json, or one its webpack plugin infers. */
export function hasNxBuild(tree: SourceTree): boolean {
  if (nxWebpackConfig(tree) !== null) return true;
  try {
    const project: unknown = JSON.parse(tree.readText('project.json') ?? 'null');
    const targets = (project as { targets?: Record<string, unknown> } | null)?.targets;
    return typeof targets === 'object' && targets !== null && 'build' in targets;
  } catch {
    return false;
  }
}

/**
 * The server an Nx webpack build writes for Node.js and the folder it writes it to, relative to the
 * project; null when it is not one, or not plainly named in a folder of its own.
 */
export function nxServerEntry(tree: SourceTree): NodeStart | null {
  const config = nxWebpackConfig(tree);
  if (config === null || !NODE_TARGET.test(config)) return null;
  const dir = normalizePath(OUTPUT_PATH.exec(config)?.[1] ?? 'dist');
  const entry = `${dir}/${OUTPUT_FILE.exec(config)?.[1] ?? 'main.js'}`;
  // The entry becomes the argument of the image's start command, and the folder is shipped whole:
  // the project's own folder would take its sources and development install along.
  return dir !== '' && isPlainPath(entry) ? { type: 'bundle', dir, entry } : null;
}
