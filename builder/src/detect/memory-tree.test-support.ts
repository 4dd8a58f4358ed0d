import { normalizePath, type SourceTree } from './source-tree.js';

// A project's files as a map of strings, so detection's rules run in tests without a checkout.

export function memoryTree(files: Record<string, string>): SourceTree {
  const paths = Object.keys(files).map(normalizePath);
  const contents = new Map(Object.entries(files).map(([path, text]) => [normalizePath(path), text]));
  return {
    readText: (path) => contents.get(normalizePath(path)),
    exists: (path) => {
      const wanted = normalizePath(path);
      return contents.has(wanted) || paths.some((p) => p.startsWith(`${wanted}/`));
    },
    list: (dir) => {
      const prefix = normalizePath(dir) === '' ? '' : `${normalizePath(dir)}/`;
      const names = paths.filter((p) => p.startsWith(prefix)).map((p) => p.slice(prefix.length).split('/')[0] ?? '');
      return [...new Set(names)].sort();
    },
  };
}
