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

  it('expands ? to exactly one character of a folder name', () => {
    const versions = memoryTree({ 'apps/v/package.json': '{}', 'apps/v1/package.json': '{}', 'apps/v2/package.json': '{}', 'apps/v10/package.json': '{}' });
    expect(workspaceMembers(versions, ['apps/v?'])).toEqual(['apps/v1', 'apps/v2']);
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

  it('takes patterns spaced, with repeated ./ and /, and never the root, even when it holds a package.json', () => {
    const withRoot = memoryTree({ 'package.json': '{}', 'tools/lint/package.json': '{}', 'apps/web/package.json': '{}' });
    expect(workspaceMembers(withRoot, ['.', './', '././tools/lint//', ' apps/* '])).toEqual(['apps/web', 'tools/lint']);
  });

  it('matches the whole pattern under a prefix of several folders, dots in names taken literally', () => {
    const libs = memoryTree({
      'libs/core/a.b/package.json': '{}',
      'libs/core/axb/package.json': '{}',
      'libs/core/other/package.json': '{}',
      'libs/top/package.json': '{}',
    });
    expect(workspaceMembers(libs, ['libs/core/a*', '!libs/core/a.b'])).toEqual(['libs/core/axb']);
    expect(workspaceMembers(libs, ['libs/core/a.b'])).toEqual(['libs/core/a.b']);
  });

  it('takes a dot-folder named outright', () => {
    expect(workspaceMembers(memoryTree({ 'tools/.internal/package.json': '{}' }), ['tools/.internal'])).toEqual(['tools/.internal']);
  });

  it('looks eight folders deep for **, and no deeper', () => {
    const deep = memoryTree({ 'p/1/2/3/4/5/6/7/8/package.json': '{}', 'p/1/2/3/4/5/6/7/8/9/package.json': '{}' });
    expect(workspaceMembers(deep, ['p/**'])).toEqual(['p/1/2/3/4/5/6/7/8']);
  });

  it.each(['packages/{a,b}', 'apps/[ab]*', '../shared/*', 'apps/../../x', '/abs/*', 'apps/!(web)'])(
    'refuses %j, which it does not read',
    (pattern) => {
      expect(() => workspaceMembers(tree, [pattern])).toThrow(DetectionError);
      expect(() => workspaceMembers(tree, [pattern])).toThrow(/is not one Aether reads: use folder names with \* and \*\*/);
    },
  );
});
