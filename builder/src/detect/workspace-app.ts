import { type Detection, DetectionError, type NodeApp, type PackageManager } from './detection.js';
import { detectNodeApp } from './node-app.js';
import { type PackageJson, parsePackageJson } from './package-json.js';
import { workspacePatterns } from './pnpm-workspace-file.js';
import { joinPath, type SourceTree, subtree } from './source-tree.js';
import { workspaceMembers } from './workspace-members.js';

// A project whose folder is a monorepo's root: either the root runs as a whole (its own start
// script or framework, with every member installed), or it is only the workspace and one member
// is the app to deploy, built as if the project's root directory named it.

/** The member folders, relative to `tree`, when it declares a workspace its package manager reads; null when it declares none. */
export function declaredMembers(tree: SourceTree, pkg: PackageJson, manager: PackageManager['name']): string[] | null {
  const patterns = workspacePatterns(tree, pkg, manager);
  return patterns === null ? null : workspaceMembers(tree, patterns);
}

/** Says how it runs in production: a start script or a framework Aether knows; a bare `main` is what libraries declare too. */
export function runsOnItsOwn(app: NodeApp): boolean {
  return app.type !== 'server' || app.framework !== null || app.start.type === 'script';
}

/**
 * The one member that is an app: it says how it runs, and no other member depends on it (a
 * package others import is a library, whatever its scripts). Several or none: a refusal that
 * names them and the setting that picks one.
 */
export function chooseWorkspaceApp(tree: SourceTree, members: readonly string[]): string {
  const manifests = new Map(members.map((member) => [member, parsePackageJson(tree.readText(joinPath(member, 'package.json')) ?? '', joinPath(member, 'package.json'))]));
  const used = new Set([...manifests.values()].flatMap((pkg) => [...pkg.dependencies]));
  const apps = members.filter((member) => {
    const pkg = manifests.get(member)!;
    return !(pkg.name !== null && used.has(pkg.name)) && runsOnItsOwn(detectNodeApp(subtree(tree, member), pkg));
  });
  if (apps.length === 1) return apps[0]!;
  const listed = (apps.length > 0 ? apps : members).join(', ');
  throw new DetectionError(
    apps.length > 0
      ? `this repository is a monorepo with several apps (${listed}): set the project's root directory to the one to deploy`
      : `this repository is a monorepo (packages ${listed || 'none'}) and no package says how it starts: ` +
          "set the project's root directory to the app to deploy, and give it a start script or a startCommand setting",
  );
}

/** Where the app is, relative to the repository: a monorepo's root directory stands for the app it chose. */
export function appDirectory(detection: Detection, rootDirectory: string): string {
  if (detection.kind !== 'node' || detection.workspace === null) return rootDirectory;
  return joinPath(detection.workspace.root, detection.workspace.app.path);
}
