import { readdirSync, readFileSync, realpathSync, statSync } from 'node:fs';
import { join, sep } from 'node:path';
import type { SourceTree } from '../detect/source-tree.js';

/** Detection reads manifests, never bundles: anything larger is treated as absent. */
const MAX_FILE_BYTES = 5 * 1024 * 1024;

/**
 * A checkout on disk as detection sees it. A path that leaves the root, directly or through a
 * symlink, reads as absent, so a repository cannot make the builder read the host's files.
 */
export function diskTree(root: string): SourceTree {
  const realRoot = realpathSync(root);
  const inside = (path: string): string | undefined => {
    try {
      const real = realpathSync(join(realRoot, path));
      return real === realRoot || real.startsWith(realRoot + sep) ? real : undefined;
    } catch {
      return undefined;
    }
  };
  return {
    readText(path) {
      const real = inside(path);
      if (real === undefined) return undefined;
      const stats = statSync(real);
      return stats.isFile() && stats.size <= MAX_FILE_BYTES ? readFileSync(real, 'utf8') : undefined;
    },
    exists: (path) => inside(path) !== undefined,
    list(dir) {
      const real = inside(dir);
      if (real === undefined || !statSync(real).isDirectory()) return [];
      return readdirSync(real).sort();
    },
  };
}
