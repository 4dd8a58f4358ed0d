import { relative } from 'node:path';
import { type Pack, pack } from 'tar-fs';
import { dockerignoreRules } from '../dockerignore-rules.js';
import { diskTree } from '../source/disk-tree.js';

/** Where the Dockerfile Aether builds sits in the context; Aether owns this name in every project. */
export const GENERATED_DOCKERFILE = '.aether/Dockerfile';

/**
 * The project root as a tar stream for the engine, without what .dockerignore names, without
 * .git, and with the Dockerfile to build (generated, or the project's own as Aether checked and
 * rewrote it) added as an entry rather than written into the checkout. Symlinks go in as
 * symlinks (tar-fs packs with lstat), never as what they point at.
 */
export function buildContext(root: string, dockerfile: string): Pack {
  // Read without following links out of the checkout: `.dockerignore -> /proc/self/environ`
  // would otherwise put the builder's environment into the context.
  const ignoreRules = diskTree(root).readText('.dockerignore') ?? '';
  const rules = dockerignoreRules(ignoreRules).add(['.git', '.aether']);
  const context = pack(root, {
    // tar-fs asks about the root's entries only, never the root itself, so a path is never ''.
    ignore: (name: string) => {
      const path = relative(root, name);
      return rules.ignores(path) || path === '.dockerignore';
    },
    finalize: false,
    finish: (context: Pack) => {
      context.entry({ name: GENERATED_DOCKERFILE, mode: 0o644 }, dockerfile);
      // BuildKit reads the Dockerfile on its own but applies .dockerignore to what COPY sees,
      // so `COPY . /public` of a static site cannot publish the Dockerfile. The repository's own
      // file is replaced by the text read above, so BuildKit never resolves a link of its own.
      context.entry({ name: '.dockerignore', mode: 0o644 }, `${ignoreRules}\n.aether\n`);
      context.finalize();
    },
  });
  // A context that fails to read cuts the engine's request short, and the engine says so. Its own
  // error (a file gone as a canceled build's checkout is removed, even before the request was
  // sent) must not take the builder down with it.
  context.on('error', () => undefined);
  return context;
}
