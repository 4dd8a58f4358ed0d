import type Docker from 'dockerode';

// BuildKit keeps every build's layers and cache mounts (each project's under a scope of its own)
// and, as Docker runs it by default, removes none of them: a server that deploys many projects
// fills its disk. After a build, the records BuildKit ranks least used (least recently and least
// often) go until the rest fit the limit; it never removes one a build under way is using.

// A removal can free records that another kept in use (a cache mount a layer was made with), so
// the engine's prune is asked again until it frees nothing, a few times at most.
const MAX_PRUNES = 5;

/** Removes the least used build cache until at most `keepBytes` stays; answers the bytes freed. */
export async function pruneBuildCache(docker: Docker, keepBytes: number): Promise<number> {
  let freed = 0;
  for (let round = 0; round < MAX_PRUNES; round++) {
    const now = await pruneOnce(docker, keepBytes);
    if (now === 0) break;
    freed += now;
  }
  return freed;
}

function pruneOnce(docker: Docker, keepBytes: number): Promise<number> {
  return new Promise((resolve, reject) =>
    docker.modem.dial(
      {
        path: '/build/prune?',
        method: 'POST',
        // `all`: without it only records nothing refers to go, and a project's cache mounts stay.
        options: { 'keep-storage': keepBytes, all: true },
        statusCodes: { 200: true, 500: 'server error' },
      },
      (error, answer) => (error ? reject(error) : resolve((answer as { SpaceReclaimed?: number } | null)?.SpaceReclaimed ?? 0)),
    ),
  );
}

export interface CacheLog {
  info(fields: object, message: string): void;
  warn(fields: object, message: string): void;
}

/**
 * Asking the engine is costly (it sizes every record, with the next build waiting on its disk), so
 * a prune runs after a build only when none has run for this long: a busy server overshoots the
 * limit by at most what its builds add in that time.
 */
export const PRUNE_INTERVAL_MS = 10 * 60_000;

/**
 * What the worker calls after each build: one prune at a time, none within `intervalMs` of the
 * last. A failed prune is told and fails nothing, since the build it follows is already done.
 */
export function buildCacheKeeper(docker: Docker, keepBytes: number, log: CacheLog, intervalMs = PRUNE_INTERVAL_MS): () => Promise<void> {
  let last = Promise.resolve();
  let startedAt = -Infinity;
  return () => {
    last = last.then(async () => {
      if (Date.now() - startedAt < intervalMs) return;
      startedAt = Date.now();
      try {
        const freed = await pruneBuildCache(docker, keepBytes);
        if (freed > 0) log.info({ freedBytes: freed, keepBytes }, 'build cache trimmed to its limit');
      } catch (error) {
        log.warn({ err: error }, 'the build cache could not be trimmed');
      }
    });
    return last;
  };
}
