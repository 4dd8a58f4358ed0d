import { dockerignoreRules } from '../dockerignore-rules.js';
import type { InstallFiles, PackageManager } from './detection.js';
import type { SourceTree } from './source-tree.js';

// What each manager reads while it installs. patches/ holds patch-package's and pnpm's patches;
// .yarn/ holds Yarn's patches, plugins, a release run through yarnPath, and an offline cache.
const FILES: Record<PackageManager['name'], readonly string[]> = {
  npm: ['.npmrc'],
  pnpm: ['.npmrc', '.pnpmfile.cjs', 'pnpm-workspace.yaml'],
  yarn: ['.npmrc', '.yarnrc', '.yarnrc.yml'],
  bun: ['.npmrc', 'bunfig.toml'],
};
const DIRECTORIES: Record<PackageManager['name'], readonly string[]> = {
  npm: ['patches'],
  pnpm: ['patches'],
  yarn: ['patches', '.yarn/releases', '.yarn/plugins', '.yarn/patches', '.yarn/cache'],
  bun: ['patches'],
};

/** Those of them in `tree` (the build context) that .dockerignore lets through, so COPY finds them. */
export function findInstallFiles(tree: SourceTree, manager: PackageManager['name']): Omit<InstallFiles, 'workspaceMembers'> {
  const rules = dockerignoreRules(tree.readText('.dockerignore') ?? '');
  const present = (path: string) => tree.exists(path) && !rules.ignores(path);
  return { files: FILES[manager].filter(present), directories: DIRECTORIES[manager].filter(present) };
}
