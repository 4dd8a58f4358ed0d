import { DetectionError, type Detection } from './detection.js';
import { detectDockerfile } from './dockerfile.js';
import { detectGo } from './go.js';
import { detectNode } from './node.js';
import { detectPython } from './python.js';
import { type ProjectLocation, type SourceTree, subtree } from './source-tree.js';
import { detectStatic } from './static.js';

export * from './detection.js';
export type { SourceTree } from './source-tree.js';

// Most specific first: a Dockerfile overrides everything, and package.json claims an index.html
// that a build may generate or rewrite.
const RULES: ReadonlyArray<(tree: SourceTree, location: ProjectLocation) => Detection | null> = [
  detectDockerfile,
  detectNode,
  detectStatic,
  detectPython,
  detectGo,
];

/**
 * What the project in `rootDirectory` of the repository is. Rules read that folder only, except
 * that a Node.js package without a lockfile looks above it for the workspace it belongs to.
 */
export function detect(repository: SourceTree, rootDirectory = ''): Detection {
  const tree = subtree(repository, rootDirectory);
  for (const rule of RULES) {
    const detection = rule(tree, { repository, path: rootDirectory });
    if (detection !== null) return detection;
  }
  throw new DetectionError(
    'Aether could not tell how to build this project: the repository root has no Dockerfile, ' +
      'package.json (Node.js), index.html (static site), requirements.txt, pyproject.toml or Pipfile (Python), ' +
      'or go.mod (Go). To build it another way, add a Dockerfile at the root of the repository: ' +
      'Aether builds it as is.',
  );
}
