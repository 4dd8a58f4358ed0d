import type { ManagerVersion, PackageManager } from './detection.js';
import { lockfileRelease } from './lockfile-release.js';
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

/**
 * Corepack's `packageManager` field wins over lockfiles and keeps its version; then the lockfile,
 * whose format names the release; then pnpm-workspace.yaml, a file only pnpm reads; npm otherwise.
 */
export function detectPackageManager(tree: SourceTree, packageManagerField: string | null): PackageManager {
  const pinned = packageManagerField === null ? null : parsePackageManagerField(packageManagerField);
  const name = pinned?.name ?? LOCKFILES.find(([file]) => tree.exists(file))?.[1] ?? (tree.exists('pnpm-workspace.yaml') ? 'pnpm' : 'npm');
  const pinnedVersion: ManagerVersion | null = pinned === null ? null : { number: pinned.version, from: 'packageManager' };
  const version = (lockfile: Lockfile | null) => pinnedVersion ?? versionOfLockfile(tree, lockfile);
  switch (name) {
    case 'npm': {
      const lockfile = firstExisting(tree, ['package-lock.json']);
      return { name, version: version(lockfile), lockfile };
    }
    case 'pnpm': {
      const lockfile = firstExisting(tree, ['pnpm-lock.yaml']);
      return { name, version: version(lockfile), lockfile };
    }
    case 'yarn': {
      const lockfile = firstExisting(tree, ['yarn.lock']);
      const yarnVersion = version(lockfile);
      return { name, version: yarnVersion, lockfile, release: detectYarnRelease(tree, yarnVersion?.number ?? null) };
    }
    case 'bun': {
      const lockfile = firstExisting(tree, ['bun.lockb', 'bun.lock']);
      return { name, version: version(lockfile), lockfile };
    }
  }
}

type Lockfile = (typeof LOCKFILES)[number][0];

function versionOfLockfile(tree: SourceTree, lockfile: Lockfile | null): ManagerVersion | null {
  if (lockfile === null) return null;
  // bun.lockb is binary: its name alone tells its format.
  const number = lockfileRelease(lockfile, lockfile === 'bun.lockb' ? '' : (tree.readText(lockfile) ?? ''));
  return number === null ? null : { number, from: 'lockfile' };
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
