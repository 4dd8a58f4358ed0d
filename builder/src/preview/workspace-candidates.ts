import { DetectionError, type SourceTree } from '../detect/index.js';
import { parsePackageJson } from '../detect/package-json.js';
import { pnpmWorkspacePackages } from '../detect/pnpm-workspace-file.js';
import { joinPath, subtree } from '../detect/source-tree.js';
import { workspaceMembers } from '../detect/workspace-members.js';

/**
 * The member packages of the workspace whose root is `path`, relative to the repository: the
 * root directories a user may pick when the workspace root itself is not an app. None when
 * `path` declares no workspace, or declares it in a way Aether does not read.
 */
export function workspaceCandidates(tree: SourceTree, path: string): string[] {
  try {
    const text = tree.readText(joinPath(path, 'package.json'));
    const pnpm = tree.readText(joinPath(path, 'pnpm-workspace.yaml'));
    const patterns = (pnpm === undefined ? null : pnpmWorkspacePackages(pnpm)) ?? (text === undefined ? null : parsePackageJson(text).workspaces);
    if (patterns === null) return [];
    return workspaceMembers(subtree(tree, path), patterns).map((member) => joinPath(path, member));
  } catch (error) {
    if (error instanceof DetectionError) return [];
    throw error;
  }
}
