import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { extract } from 'tar-fs';
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

async function unpack(root: string, dockerfile: string | null): Promise<string> {
  const out = mkdtempSync(join(tmpdir(), 'aether-unpacked-'));
  await new Promise<void>((resolve, reject) => {
    buildContext(root, dockerfile).pipe(extract(out)).on('finish', () => resolve()).on('error', reject);
  });
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
    const out = await unpack(root, null);
    expect((await readdir(out, { recursive: true })).sort()).toEqual(['.dockerignore', 'package.json', 'src', 'src/index.js']);
  });

  it('adds the generated Dockerfile, which a repository cannot replace, and keeps it from COPY', async () => {
    const root = project({ 'index.html': 'hi', '.aether/Dockerfile': 'FROM evil', '.dockerignore': 'secrets' });
    const out = await unpack(root, 'FROM scratch\n');
    expect(readFileSync(join(out, GENERATED_DOCKERFILE), 'utf8')).toBe('FROM scratch\n');
    expect(readFileSync(join(out, '.dockerignore'), 'utf8')).toBe('secrets\n.aether\n');
    expect((await readdir(out, { recursive: true })).sort()).toEqual(['.aether', '.aether/Dockerfile', '.dockerignore', 'index.html']);
  });
});
