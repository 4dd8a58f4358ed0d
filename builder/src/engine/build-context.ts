import { readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { type Pack, pack } from 'tar-fs';
import { dockerignoreRules } from '../dockerignore-rules.js';

/** Where a generated Dockerfile sits in the context; Aether owns this name in every project. */
export const GENERATED_DOCKERFILE = '.aether/Dockerfile';

/**
 * The project root as a tar stream for the engine, without what .dockerignore names, without
 * .git, and with the generated Dockerfile (if any) added as an entry rather than written into
 * the checkout.
 */
export function buildContext(root: string, generatedDockerfile: string | null): Pack {
  const ignoreRules = ignoreFile(root);
  const rules = dockerignoreRules(ignoreRules).add(['.git', '.aether']);
  return pack(root, {
    ignore: (name: string) => {
      const path = relative(root, name);
      return path !== '' && (rules.ignores(path) || (generatedDockerfile !== null && path === '.dockerignore'));
    },
    ...(generatedDockerfile !== null && {
      finalize: false,
      finish: (context: Pack) => {
        context.entry({ name: GENERATED_DOCKERFILE, mode: 0o644 }, generatedDockerfile);
        // BuildKit reads the Dockerfile on its own but applies .dockerignore to what COPY sees,
        // so `COPY . /public` of a static site cannot publish the generated Dockerfile.
        context.entry({ name: '.dockerignore', mode: 0o644 }, `${ignoreRules}\n.aether\n`);
        context.finalize();
      },
    }),
  });
}

function ignoreFile(root: string): string {
  try {
    return readFileSync(join(root, '.dockerignore'), 'utf8');
  } catch {
    return '';
  }
}
