import { SettingsError } from '../../../contract/build-settings.js';
import type { Dockerfile, Instruction, Stage } from './instructions.js';

// A build-time variable reaches RUN steps as an ARG. Docker records the ARGs a RUN used in that
// image's history, and a stage inherits the history of the stage it is FROM, so an ARG in the
// final stage or any stage it is built FROM would ship its value in the image. Variables are
// therefore declared only in the other stages: those that build, whose files the final stage
// copies and whose history it never carries.

const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

export function declareBuildArgs(dockerfile: Dockerfile, names: readonly string[]): Dockerfile {
  for (const name of names) {
    if (!NAME.test(name)) throw new SettingsError(`build variable ${JSON.stringify(name)} is not a valid environment variable name`);
  }
  const shipped = finalLineage(dockerfile.stages);
  const declarations = names.map((name): Instruction => ({ op: 'ARG', name }));
  return {
    ...dockerfile,
    stages: dockerfile.stages.map((stage) =>
      shipped.has(stage) ? stage : { ...stage, instructions: [...declarations, ...stage.instructions] },
    ),
  };
}

/** The final stage and every stage it is built FROM. */
function finalLineage(stages: readonly Stage[]): Set<Stage> {
  const lineage = new Set<Stage>();
  let stage = stages.at(-1);
  while (stage && !lineage.has(stage)) {
    lineage.add(stage);
    const base = stage.from;
    stage = stages.find((s) => s.name === base);
  }
  return lineage;
}

/**
 * The variables that travel as build arguments, which Docker records wherever a RUN uses them.
 * A generated Dockerfile takes them all, declared in build stages only, so that each one's value
 * is part of the cache key of the steps that read it. A repository's own Dockerfile takes only
 * those not secret: it reads secret ones as BuildKit secrets (every variable is offered as one),
 * so keeping them out of its image never rests on how Aether reads a Dockerfile it did not write.
 */
export function buildArgVariables<V extends { secret: boolean }>(variables: readonly V[], dockerfile: 'generated' | 'own'): V[] {
  return dockerfile === 'generated' ? [...variables] : variables.filter((v) => !v.secret);
}

/** BuildKit reads build arguments of these names as its own settings: the frontend to run, the cache namespace. */
const BUILDKIT_SETTING = /^BUILDKIT_/i;

/**
 * The build arguments the engine gets: the build variables, and BUILDKIT_CACHE_MOUNT_NS, which
 * BuildKit puts before the id of every cache mount of the build (an id written in a repository's
 * own Dockerfile, or the target path that is the default), so one project's caches are never
 * another's.
 */
export function engineBuildArgs(variables: ReadonlyArray<{ name: string; value: string }>, projectId: string): Record<string, string> {
  for (const { name } of variables) {
    if (!NAME.test(name)) throw new SettingsError(`build variable ${JSON.stringify(name)} is not a valid environment variable name`);
    if (BUILDKIT_SETTING.test(name)) throw new SettingsError(`build variable ${name}: names starting with BUILDKIT_ are BuildKit's own settings`);
  }
  return { ...Object.fromEntries(variables.map((v) => [v.name, v.value])), BUILDKIT_CACHE_MOUNT_NS: `aether-${projectId}` };
}
