// What detection may ask of a project's files. Paths are relative to the project root and use
// forward slashes, so the same rules run against a checkout on disk or a map of strings in tests.

export interface SourceTree {
  /** The file's text, or undefined when there is no such file. */
  readText(path: string): string | undefined;
  /** True for a file or a directory. */
  exists(path: string): boolean;
  /**
   * Names of the files and directories directly inside `dir` ('' is the root), sorted so that
   * detection is deterministic; empty when there is no such directory.
   */
  list(dir: string): string[];
}

/** The project's folder in its repository, for the rules that look above that folder. */
export interface ProjectLocation {
  repository: SourceTree;
  /** Relative to the repository root; '' is the root. */
  path: string;
}

/** The part of a tree under `dir`, as a tree of its own ('' is the whole tree). */
export function subtree(tree: SourceTree, dir: string): SourceTree {
  if (normalizePath(dir) === '') return tree;
  const inside = (path: string) => joinPath(dir, path);
  return {
    readText: (path) => tree.readText(inside(path)),
    exists: (path) => tree.exists(inside(path)),
    list: (path) => tree.list(inside(path)),
  };
}

/** `dir/path` with the root written as ''. */
export function joinPath(dir: string, path: string): string {
  return [normalizePath(dir), normalizePath(path)].filter((part) => part !== '').join('/');
}

/** A relative path as the rules compare it: no leading `./`, no trailing `/`, the root as ''. */
export function normalizePath(path: string): string {
  const normalized = path.replace(/^(\.\/)+/, '').replace(/\/+$/, '');
  return normalized === '.' ? '' : normalized;
}

// A name a repository's file may hand to a COPY source or a command's argument: no leading dot or
// dash (so no `..`), nothing a shell, a Dockerfile or a path reads specially.
const PLAIN_NAME = /^[A-Za-z0-9_@][A-Za-z0-9._@-]*$/;

export function isPlainName(name: string): boolean {
  return PLAIN_NAME.test(name);
}

/** A relative path whose every segment is a plain name: not absolute, never climbing out with `..`. */
export function isPlainPath(path: string): boolean {
  return path.split('/').every(isPlainName);
}
