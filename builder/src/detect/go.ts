import type { GoDetection } from './detection.js';
import type { SourceTree } from './source-tree.js';

// A folder name that becomes an argument of `go build` and a line of text as written.
const PLAIN_NAME = /^[A-Za-z0-9_][A-Za-z0-9._-]*$/;

export function detectGo(tree: SourceTree): GoDetection | null {
  const goMod = tree.readText('go.mod');
  if (goMod === undefined) return null;
  const commands = mainCommands(tree);
  return {
    kind: 'go',
    goVersion: /^go\s+(\d+\.\d+(?:\.\d+)?(?:rc\d+)?)\s*(?:\/\/.*)?$/m.exec(goMod)?.[1] ?? null,
    mainPackage: tree.exists('main.go') ? '.' : commands.length === 1 ? `./cmd/${commands[0]}` : null,
    commands,
    goSum: tree.exists('go.sum'),
  };
}

/**
 * The cmd/<name> folders holding a main package, in any file (cmd/api/server.go as well as main.go).
 * Names that are not plain are left out: they reach `go build` and the Dockerfile.
 */
function mainCommands(tree: SourceTree): string[] {
  return tree.list('cmd').filter((name) => PLAIN_NAME.test(name) && isMainPackage(tree, `cmd/${name}`));
}

function isMainPackage(tree: SourceTree, dir: string): boolean {
  return tree
    .list(dir)
    .filter((file) => file.endsWith('.go') && !file.endsWith('_test.go'))
    .some((file) => /^package\s+main\b/m.test(tree.readText(`${dir}/${file}`) ?? ''));
}
