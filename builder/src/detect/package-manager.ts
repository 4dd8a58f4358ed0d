import type { PackageManager } from './detection.js';
import type { SourceTree } from './source-tree.js';
import { detectYarnRelease } from './yarn-release.js';

// Lockfiles in the order they are trusted when a project carries more than one.
const LOCKFILES = [
  ['pnpm-lock.yaml', 'pnpm'],
  ['yarn.lock', 'yarn'],
  ['bun.lockb', 'bun'],
  ['bun.lock', 'bun'],
  ['package-lock.json', 'npm'],
] as const;

type Name = PackageManager['name'];

/** Corepack's `packageManager` field wins over lockfiles and keeps its version; npm otherwise. */
export function detectPackageManager(tree: SourceTree, packageManagerField: string | null): PackageManager {
  const pinned = packageManagerField === null ? null : parsePackageManagerField(packageManagerField);
  const name = pinned?.name ?? LOCKFILES.find(([file]) => tree.exists(file))?.[1] ?? 'npm';
  const version = pinned?.version ?? null;
  switch (name) {
    case 'npm':
      return { name, version, lockfile: firstExisting(tree, ['package-lock.json']) };
    case 'pnpm':
      return { name, version, lockfile: firstExisting(tree, ['pnpm-lock.yaml']) };
    case 'yarn':
      return { name, version, lockfile: firstExisting(tree, ['yarn.lock']), release: detectYarnRelease(tree, version) };
    case 'bun':
      return { name, version, lockfile: firstExisting(tree, ['bun.lockb', 'bun.lock']) };
  }
}

export function hasLockfile(tree: SourceTree): boolean {
  return LOCKFILES.some(([file]) => tree.exists(file));
}

/**
 * "pnpm@9.1.0+sha512.abc" → pnpm 9.1.0. The hash is Corepack's to check, not ours; a field naming
 * a manager Aether does not know, or an odd version, is ignored and the lockfile decides.
 */
export function parsePackageManagerField(field: string): { name: Name; version: string } | null {
  const match = /^(npm|pnpm|yarn|bun)@(\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?)(?:\+[0-9A-Za-z.]+)?$/.exec(field);
  return match ? { name: match[1] as Name, version: match[2] as string } : null;
}

function firstExisting<const T extends string>(tree: SourceTree, paths: readonly T[]): T | null {
  return paths.find((path) => tree.exists(path)) ?? null;
}
