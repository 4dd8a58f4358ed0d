import type { NodeDetection } from './detection.js';
import { detectNodeApp } from './node-app.js';
import { parsePackageJson } from './package-json.js';
import { detectPackageManager } from './package-manager.js';
import { nodeMajor } from './node-version.js';
import type { SourceTree } from './source-tree.js';

export function detectNode(tree: SourceTree): NodeDetection | null {
  const text = tree.readText('package.json');
  if (text === undefined) return null;
  const pkg = parsePackageJson(text);
  return {
    kind: 'node',
    packageManager: detectPackageManager(tree, pkg.packageManager),
    nodeMajor: nodeMajor(pkg.enginesNode, tree.readText('.nvmrc')),
    buildScript: pkg.scripts.has('build'),
    app: detectNodeApp(tree, pkg),
  };
}
