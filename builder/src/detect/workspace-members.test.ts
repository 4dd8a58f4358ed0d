import { describe, expect, it } from 'vitest';
import { DetectionError } from './detection.js';
import { memoryTree } from './memory-tree.test-support.js';
import { workspaceMembers } from './workspace-members.js';

const tree = memoryTree({
  'apps/web/package.json': '{}',
  'apps/web/node_modules/dep/package.json': '{}',
  'apps/notes/README.md': '',
  'packages/ui/package.json': '{}',
  'packages/@acme/tokens/package.json': '{}',
  'packages/@acme/internal/package.json': '{}',
  'packages/.cache/x/package.json': '{}',
  'tools/lint/package.json': '{}',
  'node_modules/left-pad/package.json': '{}',
});

describe('workspaceMembers', () => {
  it('expands * within a folder name, keeping folders that hold a package.json', () => {
    expect(workspaceMembers(tree, ['apps/*', 'packages/*'])).toEqual(['apps/web', 'packages/ui']);
  });

  it('expands ** to any depth, skipping node_modules and dot-folders', () => {
    expect(workspaceMembers(tree, ['packages/**'])).toEqual(['packages/@acme/internal', 'packages/@acme/tokens', 'packages/ui']);
    expect(workspaceMembers(tree, ['**'])).toEqual([
      'apps/web',
      'packages/@acme/internal',
      'packages/@acme/tokens',
      'packages/ui',
      'tools/lint',
    ]);
  });

  it('takes literal folders, ./ prefixes and trailing slashes, and ignores the root itself', () => {
    expect(workspaceMembers(tree, ['./tools/lint/', 'apps/web', '.', 'apps/missing'])).toEqual(['apps/web', 'tools/lint']);
  });

  it('leaves out what a ! pattern excludes', () => {
    expect(workspaceMembers(tree, ['packages/**', '!packages/@acme/internal'])).toEqual(['packages/@acme/tokens', 'packages/ui']);
    expect(workspaceMembers(tree, ['packages/**', '!**/tokens'])).toEqual(['packages/@acme/internal', 'packages/ui']);
  });

  it.each(['packages/{a,b}', 'apps/[ab]*', '../shared/*', 'apps/../../x', '/abs/*', 'apps/!(web)'])(
    'refuses %j, which it does not read',
    (pattern) => {
      expect(() => workspaceMembers(tree, [pattern])).toThrow(DetectionError);
      expect(() => workspaceMembers(tree, [pattern])).toThrow(/is not one Aether reads: use folder names with \* and \*\*/);
    },
  );
});
