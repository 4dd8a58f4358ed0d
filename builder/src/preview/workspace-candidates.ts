import { DetectionError, type SourceTree } from '../detect/index.js';
import { parsePackageJson } from '../detect/package-json.js';
import { detectPackageManager } from '../detect/package-manager.js';
import { joinPath, subtree } from '../detect/source-tree.js';
import { declaredMembers } from '../detect/workspace-app.js';

/**
 * The member packages of the workspace whose root is `path`, relative to the repository: the
 * root directories a user may pick when the workspace root itself is not an app. None when
 * `path` declares no workspace, or declares it in a way Aether does not read.
 */
export function workspaceCandidates(tree: SourceTree, path: string): string[] {
  try {
    const root = subtree(tree, path);
    const pkg = parsePackageJson(root.readText('package.json') ?? '{}');
    const members = declaredMembers(root, pkg, detectPackageManager(root, pkg.packageManager).name);
    return (members ?? []).map((member) => joinPath(path, member));
  } catch (error) {
    if (error instanceof DetectionError) return [];
    throw error;
  }
}
