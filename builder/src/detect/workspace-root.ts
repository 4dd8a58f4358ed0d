import { posix } from 'node:path';
import { parsePackageJson, type PackageJson } from './package-json.js';
import { joinPath, type SourceTree } from './source-tree.js';

export interface WorkspaceRoot {
  /** Relative to the repository root; '' is the root itself. */
  path: string;
  pkg: PackageJson;
}

/**
 * The nearest folder above `appPath` that declares a workspace: its package.json has a
 * `workspaces` field (npm, yarn, bun) or sits beside a pnpm-workspace.yaml. The search stops at
 * the repository root, since nothing above it is part of the checkout.
 */
export function findWorkspaceRoot(repository: SourceTree, appPath: string): WorkspaceRoot | null {
  for (const dir of ancestors(appPath)) {
    const file = joinPath(dir, 'package.json');
    const text = repository.readText(file);
    if (text === undefined) continue;
    const pkg = parsePackageJson(text, file);
    if (pkg.workspaces !== null || repository.exists(joinPath(dir, 'pnpm-workspace.yaml'))) return { path: dir, pkg };
  }
  return null;
}

/** 'apps/web' → ['apps', '']: the folders above a path, nearest first. */
function ancestors(path: string): string[] {
  if (path === '') return [];
  const parent = posix.dirname(path);
  const dir = parent === '.' ? '' : parent;
  return [dir, ...ancestors(dir)];
}
