import { describe, expect, it } from 'vitest';
import { memoryTree } from './source-tree.js';

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
