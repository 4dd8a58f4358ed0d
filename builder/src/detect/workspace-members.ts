import { DetectionError } from './detection.js';
import { joinPath, normalizePath, type SourceTree } from './source-tree.js';

// Which folders a workspace's patterns name, as npm, yarn and pnpm read them: `*` and `?` match
// within one folder name, `**` any number of folders, and a pattern starting with `!` excludes.
// node_modules and dot-folders are never members.

/** How deep `**` looks, so that a link loop inside the repository cannot walk forever. */
const MAX_DEPTH = 8;
const UNSUPPORTED = /[[\]{}()!]|(^|\/)\.\.?(\/|$)/;

/** The folders holding a package.json that the patterns select, relative to the workspace root, sorted. */
export function workspaceMembers(tree: SourceTree, patterns: readonly string[]): string[] {
  // The root ('.') is installed in any case, so it is no member to look for.
  const includes = patterns
    .filter((pattern) => !pattern.startsWith('!'))
    .map(normalizePattern)
    .filter((pattern) => pattern !== '');
  const excludes = patterns.filter((pattern) => pattern.startsWith('!')).map((pattern) => globRegExp(normalizePattern(pattern.slice(1))));
  const found = new Set(includes.flatMap((pattern) => matching(tree, pattern)));
  return [...found]
    .filter((dir) => tree.exists(joinPath(dir, 'package.json')) && !excludes.some((exclude) => exclude.test(dir)))
    .sort();
}

function normalizePattern(pattern: string): string {
  const normalized = normalizePath(pattern.trim());
  if (normalized.startsWith('/') || UNSUPPORTED.test(normalized)) {
    throw new DetectionError(
      `the workspace pattern ${JSON.stringify(pattern)} is not one Aether reads: ` +
        'use folder names with * and ** (such as apps/* or packages/**), and ! in front to exclude',
    );
  }
  return normalized;
}

// Only the folders under the pattern's literal prefix are listed, and only as deep as it reaches.
function matching(tree: SourceTree, pattern: string): string[] {
  const segments = pattern.split('/');
  const firstWild = segments.findIndex((segment) => /[*?]/.test(segment));
  if (firstWild === -1) return [pattern];
  const depth = segments.includes('**') ? MAX_DEPTH : segments.length - firstWild;
  const regExp = globRegExp(pattern);
  return folders(tree, segments.slice(0, firstWild).join('/'), depth).filter((dir) => regExp.test(dir));
}

function folders(tree: SourceTree, dir: string, depth: number): string[] {
  if (depth === 0) return [];
  return tree
    .list(dir)
    .filter((name) => !name.startsWith('.') && name !== 'node_modules')
    .flatMap((name) => [joinPath(dir, name), ...folders(tree, joinPath(dir, name), depth - 1)]);
}

function globRegExp(pattern: string): RegExp {
  const segments = pattern.split('/');
  const source = segments
    .map((segment, index) => {
      const last = index === segments.length - 1;
      if (segment === '**') return last ? '.*' : '(?:[^/]+/)*';
      return segmentSource(segment) + (last ? '' : '/');
    })
    .join('');
  return new RegExp(`^${source}$`);
}

function segmentSource(segment: string): string {
  return segment.replace(/[.*?^$|\\+]/g, (char) => ({ '*': '[^/]*', '?': '[^/]' })[char as '*' | '?'] ?? `\\${char}`);
}
