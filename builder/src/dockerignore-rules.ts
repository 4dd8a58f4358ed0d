import { createRequire } from 'node:module';

// The package is CommonJS (`module.exports = factory`) while its types declare an ES default
// export, so an ES import types one thing and gets another; require gets the function itself.
const dockerignore = createRequire(import.meta.url)('@balena/dockerignore') as typeof import('@balena/dockerignore').default;

/** A .dockerignore file's rules, matched as the engine matches them: case-sensitive. */
export function dockerignoreRules(text: string): ReturnType<typeof dockerignore> {
  return dockerignore({ ignorecase: false }).add(text);
}
