import { realpath, stat } from 'node:fs/promises';
import { join, sep } from 'node:path';
import { type RootDirectory, SourceError } from '../../../contract/source-spec.js';

/**
 * The project's root directory on disk, once the checkout exists. Resolving links first means a
 * root that is (or passes through) a symlink out of the repository is refused, not followed.
 */
export async function resolveRootDirectory(checkoutDir: string, root: RootDirectory): Promise<string> {
  const repository = await realpath(checkoutDir);
  let resolved: string;
  try {
    resolved = await realpath(join(repository, root));
  } catch {
    throw new SourceError('rootDirectory', `${JSON.stringify(root)} does not exist in the repository`);
  }
  if (resolved !== repository && !resolved.startsWith(repository + sep)) {
    throw new SourceError('rootDirectory', `${JSON.stringify(root)} is a link that leaves the repository`);
  }
  if (!(await stat(resolved)).isDirectory()) {
    throw new SourceError('rootDirectory', `${JSON.stringify(root)} is not a directory`);
  }
  return resolved;
}
