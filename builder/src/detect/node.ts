import type { NodeDetection } from './detection.js';
import { findInstallFiles } from './install-files.js';
import { detectNodeApp } from './node-app.js';
import { parsePackageJson } from './package-json.js';
import { detectPackageManager, hasLockfile } from './package-manager.js';
import { nodeMajor } from './node-version.js';
import { joinPath, type ProjectLocation, type SourceTree, subtree } from './source-tree.js';
import { detectWorkspace } from './workspace.js';
import { findWorkspaceRoot } from './workspace-root.js';

/**
 * A package.json makes a Node.js project. Without a lockfile of its own, it may be one package of
 * a monorepo: the package manager, lockfile and install then belong to the workspace root above it.
 */
export function detectNode(tree: SourceTree, location: ProjectLocation = { repository: tree, path: '' }): NodeDetection | null {
  const text = tree.readText('package.json');
  if (text === undefined) return null;
  const pkg = parsePackageJson(text, joinPath(location.path, 'package.json'));
  const root = hasLockfile(tree) ? null : findWorkspaceRoot(location.repository, location.path);
  const rootTree = root === null ? tree : subtree(location.repository, root.path);
  const rootPkg = root?.pkg ?? pkg;
  const packageManager = detectPackageManager(rootTree, rootPkg.packageManager);
  return {
    kind: 'node',
    packageManager,
    nodeMajor: nodeMajor(pkg.enginesNode ?? rootPkg.enginesNode, tree.readText('.nvmrc') ?? rootTree.readText('.nvmrc')),
    buildScript: pkg.scripts.has('build'),
    app: detectNodeApp(tree, pkg),
    workspace: root === null ? null : detectWorkspace(location.repository, root, location.path, packageManager),
    installFiles: findInstallFiles(rootTree, packageManager.name),
  };
}
