import { existsSync, linkSync, mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseHostname } from './hostname.js';
import { routesFileName } from './production-routes.js';
import { removeProductionRoutes, writeProductionRoutes } from './route-files.js';

const route = (deployment: string) => ({ slug: 'shop', host: parseHostname('shop.example.com'), domains: [], deployment });

describe('writeProductionRoutes', () => {
  it('leaves a file that already says the same untouched, so Traefik does not reload', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'aether-routes-'));
    const file = join(dir, routesFileName('shop'));
    await writeProductionRoutes(dir, route('3f2a9c1e-shop'));
    // A second name keeps the first file's inode alive, so a replaced file cannot reuse it.
    linkSync(file, join(dir, 'first'));
    const first = statSync(file).ino;

    await writeProductionRoutes(dir, route('3f2a9c1e-shop'));
    expect(statSync(file).ino).toBe(first);

    await writeProductionRoutes(dir, route('7b1d0a44-shop'));
    expect(statSync(file).ino).not.toBe(first);
    expect(readFileSync(file, 'utf8')).toContain('7b1d0a44-shop@docker');
  });
});

describe('removeProductionRoutes', () => {
  it('takes the project’s production host down, leaves other projects’ routes, and is done when there is nothing to remove', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'aether-routes-'));
    await writeProductionRoutes(dir, route('3f2a9c1e-shop'));
    await writeProductionRoutes(dir, { ...route('7b1d0a44-blog'), slug: 'blog' });

    await removeProductionRoutes(dir, 'shop');
    await removeProductionRoutes(dir, 'shop');

    expect(existsSync(join(dir, routesFileName('shop')))).toBe(false);
    expect(existsSync(join(dir, routesFileName('blog')))).toBe(true);
  });
});
