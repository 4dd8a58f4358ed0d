import { closeSync, constants, fstatSync, openSync, readdirSync, readFileSync, realpathSync, statSync } from 'node:fs';
import { join, sep } from 'node:path';
import type { SourceTree } from '../detect/source-tree.js';

/** Detection reads manifests, never bundles: anything larger is treated as absent. */
const MAX_FILE_BYTES = 5 * 1024 * 1024;

/**
 * A checkout on disk as the builder sees it: every file the builder reads from a repository is
 * read here. A path that leaves the root, directly or through a symlink (of the file or of any
 * directory above it), reads as absent, so a repository cannot make the builder read the host's
 * files or its own environment; so does anything but a regular file, which a FIFO or a device
 * could make hang or endless.
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
      return real === undefined ? undefined : regularFileText(real);
    },
    exists: (path) => inside(path) !== undefined,
    list(dir) {
      const real = inside(dir);
      if (real === undefined || !statSync(real).isDirectory()) return [];
      return readdirSync(real).sort();
    },
  };
}

/**
 * The text of `real` (a resolved path) when it is still a regular file once opened: O_NOFOLLOW
 * refuses a link swapped in since it was resolved, O_NONBLOCK keeps a FIFO from hanging the open.
 */
function regularFileText(real: string): string | undefined {
  let fd: number;
  try {
    fd = openSync(real, constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK);
  } catch {
    return undefined;
  }
  try {
    const stats = fstatSync(fd);
    return stats.isFile() && stats.size <= MAX_FILE_BYTES ? readFileSync(fd, 'utf8') : undefined;
  } finally {
    closeSync(fd);
  }
}
