import { posix } from 'node:path';
import {
  DetectionError,
  type NodeWorkspace,
  type PackageManager,
  type PackageName,
  type TaskRunner,
  type WorkspacePath,
} from './detection.js';
import { parsePackageJson, type PackageJson } from './package-json.js';
import { workspacePatterns } from './pnpm-workspace-file.js';
import { isPlainPath, joinPath, type SourceTree, subtree } from './source-tree.js';
import type { WorkspaceRoot } from './workspace-root.js';
import { workspaceMembers } from './workspace-members.js';

// npm's rules for a package name, without a leading dot or dash: a name is a command-line argument.
const PACKAGE_NAME = /^(?:@[a-z0-9~][a-z0-9._~-]*\/)?[a-z0-9~][a-z0-9._~-]*$/;

/** The app at `appPath` as one package of the workspace at `root`, or a refusal saying why it is not. */
export function detectWorkspace(repository: SourceTree, root: WorkspaceRoot, appPath: string, manager: PackageManager): NodeWorkspace {
  const tree = subtree(repository, root.path);
  const patterns = memberPatterns(tree, root, manager);
  const members = workspaceMembers(tree, patterns).map(memberPath);
  const app = members.find((member) => member === posix.relative(root.path, appPath));
  if (app === undefined) {
    throw new DetectionError(
      `${appPath} is not a package of the workspace at ${where(root)}: its patterns (${patterns.join(', ') || 'none'}) ` +
        `do not match that folder. Add it to the workspace, or give ${appPath} a lockfile of its own to build it alone`,
    );
  }
  const manifests = new Map(members.map((member) => [member, manifest(tree, root, member)]));
  return {
    root: root.path,
    app: { name: packageName(manifests, app, root), path: app },
    dependencies: workspaceDependencies(manifests, app).map((path) => ({
      name: packageName(manifests, path, root),
      path,
      buildScript: manifests.get(path)?.scripts.has('build') ?? false,
    })),
    members,
    taskRunner: taskRunner(tree, root.pkg),
  };
}

function taskRunner(tree: SourceTree, rootPkg: PackageJson): TaskRunner | null {
  if (tree.exists('turbo.json') && rootPkg.dependencies.has('turbo')) return 'turbo';
  if (tree.exists('nx.json') && rootPkg.dependencies.has('nx')) return 'nx';
  return null;
}

// pnpm reads its members only from pnpm-workspace.yaml, the others only from package.json.
function memberPatterns(tree: SourceTree, root: WorkspaceRoot, manager: PackageManager): string[] {
  const patterns = workspacePatterns(tree, root.pkg, manager.name);
  if (patterns !== null) return patterns;
  // A root found by a pnpm-workspace.yaml that lists no packages holds only itself.
  if (manager.name === 'pnpm' && tree.exists('pnpm-workspace.yaml')) return [];
  throw new DetectionError(
    manager.name === 'pnpm'
      ? `pnpm reads a workspace's packages from pnpm-workspace.yaml, and ${where(root)} has none`
      : `${manager.name} reads a workspace's packages from the workspaces field of package.json, and ${where(root)} has none ` +
          '(pnpm-workspace.yaml is read by pnpm only)',
  );
}

/** Workspace packages `app` depends on, directly or not, each after those it depends on itself. */
function workspaceDependencies(manifests: ReadonlyMap<WorkspacePath, PackageJson>, app: WorkspacePath): WorkspacePath[] {
  // A nameless member is keyed by null, which no dependency name looks up.
  const byName = new Map([...manifests].map(([path, pkg]) => [pkg.name, path] as const));
  const seen = new Set<WorkspacePath>([app]);
  const order: WorkspacePath[] = [];
  const visit = (path: WorkspacePath): void => {
    for (const dependency of manifests.get(path)?.dependencies ?? []) {
      const target = byName.get(dependency);
      if (target === undefined || seen.has(target)) continue;
      seen.add(target);
      visit(target);
      order.push(target);
    }
  };
  visit(app);
  return order;
}

/** A member's folder, refused unless it is safe to name in a COPY instruction. */
export function memberPath(path: string): WorkspacePath {
  if (!isPlainPath(path)) {
    throw new DetectionError(
      `the workspace package folder ${JSON.stringify(path)} is copied into the build by name, so it may hold only ` +
        'letters, digits, dots, dashes, underscores and @, not starting with a dot or a dash',
    );
  }
  return path as WorkspacePath;
}

function manifest(tree: SourceTree, root: WorkspaceRoot, member: WorkspacePath): PackageJson {
  const file = joinPath(member, 'package.json');
  return parsePackageJson(tree.readText(file) ?? '', joinPath(root.path, file));
}

// The package manager selects the app and its workspace dependencies by name on its command line.
function packageName(manifests: ReadonlyMap<WorkspacePath, PackageJson>, path: WorkspacePath, root: WorkspaceRoot): PackageName {
  const name = manifests.get(path)?.name ?? null;
  const file = joinPath(joinPath(root.path, path), 'package.json');
  if (name === null) throw new DetectionError(`${file} needs a name: the package manager selects workspace packages by name`);
  if (name.length > 214 || !PACKAGE_NAME.test(name)) {
    throw new DetectionError(`${file} names the package ${JSON.stringify(name)}, which is not a valid npm package name`);
  }
  return name as PackageName;
}

function where(root: WorkspaceRoot): string {
  return root.path === '' ? 'the repository root' : root.path;
}
