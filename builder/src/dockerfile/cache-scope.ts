import { SettingsError } from '../../../contract/build-settings.js';
import type { Dockerfile, Instruction } from './instructions.js';

// BuildKit shares a cache mount among every build that names the same id, which defaults to its
// target path: one project's build could leave entries (a Go build cache, pip wheels) that
// another project's build then trusts. Each project gets caches of its own instead.

const SCOPE = /^[a-z0-9][a-z0-9-]{0,62}$/;

export function scopeCacheMounts(dockerfile: Dockerfile, scope: string): Dockerfile {
  checkScope(scope);
  const scoped = (instruction: Instruction): Instruction =>
    instruction.op === 'RUN'
      ? { ...instruction, caches: instruction.caches.map(({ target }) => ({ id: `${scope}${target}`, target })) }
      : instruction;
  return { ...dockerfile, stages: dockerfile.stages.map((stage) => ({ ...stage, instructions: stage.instructions.map(scoped) })) };
}

/**
 * BuildKit reuses a RUN step's result for any build whose step is the same, and a secret the step
 * mounts is no part of "the same": another project that wrote this project's steps would get
 * results made with this project's secrets (a private package installed with its token). A host
 * name of the project's own in every step's /etc/hosts is part of it, so a step's result serves
 * its own project only. This is the engine's `extrahosts` entry that does so.
 */
export function runStepScope(scope: string): string {
  checkScope(scope);
  return `${scope}.build.aether.internal:127.0.0.1`;
}

function checkScope(scope: string): void {
  if (!SCOPE.test(scope)) throw new SettingsError(`cache scope ${JSON.stringify(scope)} must be lower-case letters, digits and dashes`);
}
