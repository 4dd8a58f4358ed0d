import { createRequire } from 'node:module';
import type { InstallFiles, PackageManager } from './detection.js';
import type { SourceTree } from './source-tree.js';

// The package is CommonJS (`module.exports = factory`) while its types declare an ES default export.
const dockerignore = createRequire(import.meta.url)('@balena/dockerignore') as typeof import('@balena/dockerignore').default;

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
export function findInstallFiles(tree: SourceTree, manager: PackageManager['name']): InstallFiles {
  const rules = dockerignore({ ignorecase: false }).add(tree.readText('.dockerignore') ?? '');
  const present = (path: string) => tree.exists(path) && !rules.ignores(path);
  return { files: FILES[manager].filter(present), directories: DIRECTORIES[manager].filter(present) };
}
