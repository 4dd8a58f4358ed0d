import { readdir, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';

// A builder killed in the middle of a build (a crash, an engine restart, an upgrade) leaves its
// checkout behind, and a builder container restarted keeps its files: each start removes the
// checkouts no build can still be using, those older than any build may run. Builders that share
// the folder leave each other's builds in flight alone.

/** The folder a build checks its repository out into is named from this, then random. */
export const BUILD_CHECKOUT = 'checkout-';
/** The same for a detection's shallow checkout. */
export const DETECT_CHECKOUT = 'detect-';

export interface FolderEntry {
  name: string;
  modifiedMs: number;
}

/** The checkouts among the folders `entries` last changed more than `olderThanMs` before `nowMs`. */
export function staleCheckouts(entries: readonly FolderEntry[], nowMs: number, olderThanMs: number): string[] {
  const checkout = (name: string) => name.startsWith(BUILD_CHECKOUT) || name.startsWith(DETECT_CHECKOUT);
  return entries.filter((entry) => checkout(entry.name) && nowMs - entry.modifiedMs > olderThanMs).map((entry) => entry.name);
}

/** Removes the stale checkouts among the folders of `workDir`, never through a link; the names of those removed. */
export async function removeStaleCheckouts(workDir: string, olderThanMs: number): Promise<string[]> {
  const entries: FolderEntry[] = [];
  for (const entry of await readdir(workDir, { withFileTypes: true })) {
    if (!entry.isDirectory()) continue;
    // Another builder's build may have removed it since.
    const modified = await stat(join(workDir, entry.name)).then((stats) => stats.mtimeMs, () => null);
    if (modified !== null) entries.push({ name: entry.name, modifiedMs: modified });
  }
  const stale = staleCheckouts(entries, Date.now(), olderThanMs);
  for (const name of stale) await rm(join(workDir, name), { recursive: true, force: true });
  return stale;
}
