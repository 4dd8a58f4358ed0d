import { REPOSITORY_SETTINGS_FILE } from '../../../contract/repository-settings.js';
import type { NodeApp, NodeDetection } from './detection.js';
import { findInstallFiles } from './install-files.js';
import { detectNodeApp } from './node-app.js';
import { hasNxBuild } from './nx.js';
import { parsePackageJson } from './package-json.js';
import { detectPackageManager, hasLockfile } from './package-manager.js';
import { chooseNodeMajor, miseText, type NodeVersionRequest, toolVersionsText, versionFileText } from './node-version.js';
import type { PackageJson } from './package-json.js';
import { readRepositorySettings } from './repository-settings.js';
import { joinPath, type ProjectLocation, type SourceTree, subtree } from './source-tree.js';
import { detectWorkspace, memberPath } from './workspace.js';
import { chooseWorkspaceApp, declaredMembers, runsOnItsOwn } from './workspace-app.js';
import { findWorkspaceRoot } from './workspace-root.js';

/**
 * A package.json makes a Node.js project. Without a lockfile of its own, it may be one package of
 * a monorepo: the package manager, lockfile and install then belong to the workspace root above it.
 * A monorepo's root that does not run on its own stands for the one member that is an app.
 */
export function detectNode(tree: SourceTree, location: ProjectLocation = { repository: tree, path: '' }): NodeDetection | null {
  const text = tree.readText('package.json');
  if (text === undefined) return null;
  const pkg = parsePackageJson(text, joinPath(location.path, 'package.json'));
  const app = detectNodeApp(tree, pkg);
  // Nothing builds or starts it and an index.html is there: the files are the site, and
  // package.json holds the tools used while writing it.
  if (app.type === 'server' && app.framework === null && app.start.type === 'unknown' && tree.exists('index.html')) return null;
  const root = hasLockfile(tree) ? null : findWorkspaceRoot(location.repository, location.path);
  const rootTree = root === null ? tree : subtree(location.repository, root.path);
  const rootPkg = root?.pkg ?? pkg;
  const packageManager = detectPackageManager(rootTree, rootPkg.packageManager);
  const members = root === null ? declaredMembers(tree, pkg, packageManager.name) : null;
  if (members !== null && (!runsOnItsOwn(app) || hoistsItsApps(tree, app))) {
    const member = joinPath(location.path, chooseWorkspaceApp(tree, members));
    return detectNode(subtree(location.repository, member), { repository: location.repository, path: member });
  }
  const workspace = root === null ? null : detectWorkspace(location.repository, root, location.path, packageManager);
  return {
    kind: 'node',
    packageManager,
    nodeMajor: chooseNodeMajor(nodeVersionRequests(
      { tree, path: location.path, pkg },
      root === null ? null : { tree: rootTree, path: root.path, pkg: rootPkg },
    )),
    buildScript: pkg.scripts.has('build') || (workspace?.taskRunner === 'nx' && hasNxBuild(tree)),
    app,
    workspace,
    installFiles: { ...findInstallFiles(rootTree, packageManager.name), workspaceMembers: (members ?? []).map(memberPath) },
  };
}

/**
 * An Nx workspace's root lists every app's dependencies (an Express app's `express`), so a
 * framework there says nothing when no start script or main says how the root itself would run.
 */
function hoistsItsApps(tree: SourceTree, app: NodeApp): boolean {
  return tree.exists('nx.json') && app.type === 'server' && app.start.type === 'unknown';
}

interface Folder {
  tree: SourceTree;
  /** Relative to the repository root, naming files in errors. */
  path: string;
  pkg: PackageJson;
}

// The files a version manager reads, nearest first as it finds them walking up from the app.
const VERSION_FILES: ReadonlyArray<readonly [file: string, read: (text: string) => string | null]> = [
  ['.nvmrc', versionFileText],
  ['.node-version', versionFileText],
  ['.tool-versions', toolVersionsText],
  ['mise.toml', miseText],
  ['.mise.toml', miseText],
];

/** aether.json's node, engines.node, then the version managers' files in the app's folder and then the root's, then Volta's pin. */
function nodeVersionRequests(app: Folder, root: Folder | null): NodeVersionRequest[] {
  const folders = root === null ? [app] : [app, root];
  const requests = (field: (pkg: PackageJson) => string | null, name: string) =>
    folders.flatMap(({ path, pkg }) => {
      const text = field(pkg);
      return text === null ? [] : [{ where: `${joinPath(path, 'package.json')} ${name}`, text }];
    });
  const files = folders.flatMap(({ tree, path }) =>
    VERSION_FILES.flatMap(([file, read]) => {
      const content = tree.readText(file);
      const text = content === undefined ? null : read(content);
      return text === null ? [] : [{ where: joinPath(path, file), text }];
    }),
  );
  const declared = readRepositorySettings(app.tree, '')?.node;
  const fromSettings = declared === undefined ? [] : [{ where: `${joinPath(app.path, REPOSITORY_SETTINGS_FILE)} node`, text: declared }];
  return [...fromSettings, ...requests((pkg) => pkg.enginesNode, 'engines.node'), ...files, ...requests((pkg) => pkg.voltaNode, 'volta.node')];
}
