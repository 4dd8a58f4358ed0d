import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { diskTree } from './disk-tree.js';

describe('diskTree', () => {
  const outside = mkdtempSync(join(tmpdir(), 'aether-outside-'));
  const root = mkdtempSync(join(tmpdir(), 'aether-tree-'));

  beforeAll(() => {
    writeFileSync(join(outside, 'secret.txt'), 'host secret');
    writeFileSync(join(root, 'package.json'), '{"name":"app"}');
    mkdirSync(join(root, 'src'));
    writeFileSync(join(root, 'src/b.js'), '');
    writeFileSync(join(root, 'src/a.js'), '');
    symlinkSync(join(outside, 'secret.txt'), join(root, 'requirements.txt'));
    symlinkSync(outside, join(root, 'cmd'));
    symlinkSync('package.json', join(root, 'linked.json'));
    symlinkSync('/proc/self/environ', join(root, '.dockerignore'));
    symlinkSync('/etc', join(root, 'etc'));
    mkdirSync(join(root, 'pipe'));
    execFileSync('mkfifo', [join(root, 'pipe/package.json')]);
    mkdirSync(join(root, 'big'));
    writeFileSync(join(root, 'big/limit.json'), 'x'.repeat(5 * 1024 * 1024));
    writeFileSync(join(root, 'big/over.json'), 'x'.repeat(5 * 1024 * 1024 + 1));
  });

  it('reads files and lists directories in a stable order', () => {
    const tree = diskTree(root);
    expect(tree.readText('package.json')).toBe('{"name":"app"}');
    expect(tree.list('src')).toEqual(['a.js', 'b.js']);
    expect(tree.exists('src')).toBe(true);
    expect(tree.readText('missing.txt')).toBeUndefined();
  });

  it('lists and has the root itself', () => {
    const tree = diskTree(root);
    expect(tree.list('')).toEqual(['.dockerignore', 'big', 'cmd', 'etc', 'linked.json', 'package.json', 'pipe', 'requirements.txt', 'src']);
    expect(tree.exists('')).toBe(true);
  });

  it('reads a file of up to 5 MiB, and neither a larger one nor a directory', () => {
    const tree = diskTree(root);
    expect(tree.readText('big/limit.json')?.length).toBe(5 * 1024 * 1024);
    expect(tree.readText('big/over.json')).toBeUndefined();
    expect(tree.readText('src')).toBeUndefined();
  });

  it('closes every file it opens', () => {
    const tree = diskTree(root);
    const open = readdirSync('/proc/self/fd').length;
    for (let i = 0; i < 20; i += 1) tree.readText('package.json');
    expect(readdirSync('/proc/self/fd').length).toBe(open);
  });

  it('follows a link that stays inside the project', () => {
    expect(diskTree(root).readText('linked.json')).toBe('{"name":"app"}');
  });

  it('treats anything outside the project, by path or by link, as absent', () => {
    const tree = diskTree(root);
    expect(tree.readText('requirements.txt')).toBeUndefined();
    expect(tree.exists('cmd')).toBe(false);
    expect(tree.list('cmd')).toEqual([]);
    expect(tree.readText(`../${outside.split('/').pop()}/secret.txt`)).toBeUndefined();
  });

  it("reads neither the builder's environment nor a host file through a linked file or a linked directory", () => {
    const tree = diskTree(root);
    expect(tree.readText('.dockerignore')).toBeUndefined();
    expect(tree.readText('etc/passwd')).toBeUndefined();
    expect(tree.exists('etc/passwd')).toBe(false);
  });

  it('treats a FIFO as absent instead of hanging on it', () => {
    expect(diskTree(root).readText('pipe/package.json')).toBeUndefined();
  });
});
