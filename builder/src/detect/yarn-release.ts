import type { YarnRelease } from './detection.js';
import type { SourceTree } from './source-tree.js';

/**
 * Which Yarn runs the install. Without a packageManager field Corepack starts Yarn 1, which hands
 * over to the release `.yarnrc.yml` names in `yarnPath`. Read as lines, not YAML: these two keys
 * are plain top-level scalars.
 */
export function detectYarnRelease(tree: SourceTree, version: string | null): YarnRelease {
  const rc = tree.readText('.yarnrc.yml') ?? '';
  const pinnedBerry = version !== null && Number.parseInt(version, 10) >= 2;
  if (!pinnedBerry && !/^yarnPath\s*:/m.test(rc)) return { line: 'classic' };
  const linker = /^nodeLinker\s*:\s*["']?([\w-]+)/m.exec(rc)?.[1] ?? 'pnp';
  return { line: 'berry', plugAndPlay: linker === 'pnp' };
}
