import { describe, expect, it } from 'vitest';
import { memoryTree } from './memory-tree.test-support.js';
import { joinPath, normalizePath, subtree } from './source-tree.js';

describe('memoryTree', () => {
  const tree = memoryTree({ 'package.json': '{}', 'cmd/api/main.go': 'package main', './cmd/worker/main.go': '', 'b.txt': '' });

  it('reads files by relative path and knows directories exist', () => {
    expect(tree.readText('package.json')).toBe('{}');
    expect(tree.readText('./package.json')).toBe('{}');
    expect(tree.readText('missing.json')).toBeUndefined();
    expect(tree.exists('cmd')).toBe(true);
    expect(tree.exists('cmd/')).toBe(true);
    expect(tree.exists('cm')).toBe(false);
  });

  it('lists the names directly inside a directory, sorted, once each', () => {
    expect(tree.list('')).toEqual(['b.txt', 'cmd', 'package.json']);
    expect(tree.list('.')).toEqual(['b.txt', 'cmd', 'package.json']);
    expect(tree.list('cmd')).toEqual(['api', 'worker']);
    expect(tree.list('nowhere')).toEqual([]);
  });
});

describe('subtree', () => {
  const repository = memoryTree({ 'package.json': '{}', 'apps/web/package.json': '{"name":"web"}', 'apps/web/src/index.js': '' });

  it('reads a folder as a tree of its own', () => {
    const web = subtree(repository, 'apps/web');
    expect(web.readText('package.json')).toBe('{"name":"web"}');
    expect(web.exists('src/index.js')).toBe(true);
    expect(web.list('')).toEqual(['package.json', 'src']);
    expect(web.exists('apps')).toBe(false);
  });

  it('is the whole tree for the root', () => {
    expect(subtree(repository, '')).toBe(repository);
  });

  it('joins paths with the root written as an empty string', () => {
    expect(joinPath('', 'package.json')).toBe('package.json');
    expect(joinPath('apps/web', '')).toBe('apps/web');
    expect(joinPath('apps/web/', './package.json')).toBe('apps/web/package.json');
  });

  it('drops only leading ./ and trailing /, and takes . as the root', () => {
    const paths = ['.', './', '././apps/web//', 'apps/./web', '../x', '.env', 'file.', 'a/.'];
    expect(paths.map(normalizePath)).toEqual(['', '', 'apps/web', 'apps/./web', '../x', '.env', 'file.', 'a/.']);
  });
});
