import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { repoRoot } from './platform.js';

// What a browser downloads before the dashboard's first page shows: the entry script and the
// modules index.html preloads with it, gzipped as a server would send them. Every page is a chunk
// of its own, fetched when first opened, so the largest chunks are reported beside it.

export interface DashboardSize {
  /** Gzipped bytes of the JavaScript index.html loads. */
  initialJs: number;
  /** The largest lazily loaded chunks, gzipped, largest first. */
  largestChunks: Array<{ name: string; bytes: number }>;
}

export function dashboardSize(): DashboardSize {
  const out = mkdtempSync(join(tmpdir(), 'aether-bench-web-'));
  try {
    execFileSync('npx', ['vite', 'build', '--config', 'web/vite.config.ts', '--outDir', out, '--logLevel', 'error'], { cwd: repoRoot, stdio: 'inherit' });
    const html = readFileSync(join(out, 'index.html'), 'utf8');
    const initial = new Set([...html.matchAll(/(?:src|href)="\/(assets\/[^"]+\.js)"/g)].map((m) => m[1]!));
    const gzipped = (path: string) => gzipSync(readFileSync(join(out, path))).length;
    const chunks = readdirSync(join(out, 'assets'))
      .filter((name) => name.endsWith('.js') && !initial.has(`assets/${name}`))
      .map((name) => ({ name: name.replace(/-[\w-]{8}\.js$/, ''), bytes: gzipped(`assets/${name}`) }))
      .sort((a, b) => b.bytes - a.bytes);
    return { initialJs: [...initial].reduce((sum, path) => sum + gzipped(path), 0), largestChunks: chunks.slice(0, 3) };
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}
