import type { GoDetection } from './detection.js';
import type { SourceTree } from './source-tree.js';

export function detectGo(tree: SourceTree): GoDetection | null {
  const goMod = tree.readText('go.mod');
  if (goMod === undefined) return null;
  return {
    kind: 'go',
    goVersion: /^go\s+(\d+\.\d+(?:\.\d+)?(?:rc\d+)?)\s*(?:\/\/.*)?$/m.exec(goMod)?.[1] ?? null,
    mainPackage: mainPackage(tree),
    goSum: tree.exists('go.sum'),
  };
}

/** `.` when main.go is at the root, else the only cmd/<name> holding a main.go. */
function mainPackage(tree: SourceTree): string | null {
  if (tree.exists('main.go')) return '.';
  const commands = tree.list('cmd').filter((name) => tree.exists(`cmd/${name}/main.go`));
  return commands.length === 1 ? `./cmd/${commands[0]}` : null;
}
