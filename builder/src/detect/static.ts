import type { StaticDetection } from './detection.js';
import type { SourceTree } from './source-tree.js';

// Runs after the Node.js rule, so an index.html beside a package.json is left to the build.
export function detectStatic(tree: SourceTree): StaticDetection | null {
  return tree.exists('index.html') ? { kind: 'static' } : null;
}
