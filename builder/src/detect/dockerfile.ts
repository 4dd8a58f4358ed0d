import type { DockerfileDetection } from './detection.js';
import type { SourceTree } from './source-tree.js';

// A project's own Dockerfile says more than any guess Aether could make, so it wins outright.
export function detectDockerfile(tree: SourceTree): DockerfileDetection | null {
  return tree.exists('Dockerfile') ? { kind: 'dockerfile', path: 'Dockerfile' } : null;
}
