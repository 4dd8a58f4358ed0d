import { execFileSync } from 'node:child_process';
import { lstatSync, mkdirSync, mkdtempSync, readFileSync, readlinkSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildContext, GENERATED_DOCKERFILE } from './build-context.js';

function project(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), 'aether-context-'));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(join(root, path, '..'), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  return root;
}

async function unpack(root: string, dockerfile: string): Promise<string> {
  const out = mkdtempSync(join(tmpdir(), 'aether-unpacked-'));
  const chunks: Buffer[] = [];
  for await (const chunk of buildContext(root, dockerfile)) chunks.push(chunk as Buffer);
  // The system's tar, as the engine does, keeps a link to anywhere as a link.
  execFileSync('tar', ['-x', '-C', out], { input: Buffer.concat(chunks) });
  return out;
}

describe('buildContext', () => {
  it('leaves out .git and whatever .dockerignore names', async () => {
    const root = project({
      '.dockerignore': 'node_modules\n*.log\n',
      'package.json': '{}',
      'src/index.js': 'x',
      'debug.log': 'noise',
      'node_modules/left-pad/index.js': 'x',
      '.git/config': '[core]',
    });
    const out = await unpack(root, 'FROM scratch\n');
    expect((await readdir(out, { recursive: true })).sort()).toEqual(['.aether', '.aether/Dockerfile', '.dockerignore', 'package.json', 'src', 'src/index.js']);
  });

  it('adds the generated Dockerfile, which a repository cannot replace, and keeps it from COPY', async () => {
    const root = project({ 'index.html': 'hi', '.aether/Dockerfile': 'FROM evil', '.aether/stage.sh': 'evil', '.dockerignore': 'secrets' });
    const out = await unpack(root, 'FROM scratch\n');
    expect(readFileSync(join(out, GENERATED_DOCKERFILE), 'utf8')).toBe('FROM scratch\n');
    expect(readFileSync(join(out, '.dockerignore'), 'utf8')).toBe('secrets\n.aether\n');
    expect((await readdir(out, { recursive: true })).sort()).toEqual(['.aether', '.aether/Dockerfile', '.dockerignore', 'index.html']);
  });

  it('does not read a .dockerignore linked out of the project (the builder\'s environment), nor pack what links point at', async () => {
    const outside = mkdtempSync(join(tmpdir(), 'aether-outside-'));
    writeFileSync(join(outside, 'environ'), 'AETHER_SECRET_KEY=host-secret');
    const root = project({ 'index.html': 'hi' });
    symlinkSync(join(outside, 'environ'), join(root, '.dockerignore'));
    symlinkSync('/proc/self/environ', join(root, 'environ'));
    const out = await unpack(root, 'FROM scratch\n');
    expect(readFileSync(join(out, '.dockerignore'), 'utf8')).toBe('\n.aether\n');
    expect(lstatSync(join(out, 'environ')).isSymbolicLink()).toBe(true);
    expect(readlinkSync(join(out, 'environ'))).toBe('/proc/self/environ');
  });
});

describe('a context whose checkout goes while it packs', () => {
  it('ends without an error nobody handles, which would take the builder down', async () => {
    const files = Object.fromEntries(Array.from({ length: 300 }, (_, i) => [`src/file-${i}.txt`, 'x'.repeat(10_000)]));
    const root = project(files);
    const context = buildContext(root, 'FROM scratch\n');
    const closed = new Promise<void>((resolve) => context.on('close', () => resolve()));
    // As a canceled build does: its checkout is removed while the engine reads the context.
    await new Promise<void>((resolve) => context.once('data', () => resolve()));
    await rm(root, { recursive: true, force: true });
    context.resume();
    await closed;
  });

  it('ends without such an error when the checkout is gone before the engine reads a byte', async () => {
    const root = project({ 'src/index.js': 'x' });
    const context = buildContext(root, 'FROM scratch\n');
    rmSync(root, { recursive: true, force: true });
    const closed = new Promise<void>((resolve) => context.on('close', () => resolve()));
    context.resume();
    await closed;
  });
});
