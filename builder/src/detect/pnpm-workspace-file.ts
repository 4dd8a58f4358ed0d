import { parse } from 'yaml';
import { DetectionError, type PackageManager } from './detection.js';
import type { PackageJson } from './package-json.js';
import type { SourceTree } from './source-tree.js';

/**
 * A workspace's member patterns as its package manager reads them: pnpm from pnpm-workspace.yaml
 * only, npm, yarn and bun from package.json's workspaces only; null when that place declares none.
 */
export function workspacePatterns(tree: SourceTree, pkg: PackageJson, manager: PackageManager['name']): string[] | null {
  if (manager !== 'pnpm') return pkg.workspaces;
  const file = tree.readText('pnpm-workspace.yaml');
  // pnpm 10 keeps settings there too (onlyBuiltDependencies): a file with no packages declares no workspace.
  return file === undefined ? null : pnpmWorkspacePackages(file);
}

/** The `packages` patterns of a pnpm-workspace.yaml, or null when it has no such key. */
export function pnpmWorkspacePackages(text: string): string[] | null {
  const packages = topLevel(readYaml(text))['packages'];
  if (packages === undefined || packages === null) return null;
  if (!Array.isArray(packages) || !packages.every((item) => typeof item === 'string')) {
    throw new DetectionError('pnpm-workspace.yaml: packages must be a list of folder patterns, such as - "apps/*"');
  }
  return packages;
}

// pnpm refuses a workspace file it cannot read; saying so here beats an install that fails later.
function readYaml(text: string): unknown {
  try {
    // The library's alias limit keeps a file of nested aliases from expanding without end.
    return parse(text);
  } catch (error) {
    throw new DetectionError(`pnpm-workspace.yaml is not valid YAML: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`);
  }
}

// A list or a scalar has no `packages` key either, so only null needs a case of its own.
function topLevel(document: unknown): Record<string, unknown> {
  return typeof document === 'object' && document !== null ? (document as Record<string, unknown>) : {};
}
