import { argsInFinalImage, type BuildPlatform, DockerfileError, dockerfileStages, type ImageReference } from './image-references.js';
import { parseDockerfile } from './parse-dockerfile.js';

// What Aether checks in a repository's own Dockerfile before building it as is.

/** The official Dockerfile frontend, at any version; any other image could resolve any local image. */
const OFFICIAL_FRONTEND = /^(docker\.io\/)?docker\/dockerfile(:[A-Za-z0-9._-]+)?(@sha256:[0-9a-f]{64})?$/;

/**
 * The images the Dockerfile builds from (to check against this engine's images), once it is
 * known to run on the official frontend, to ship none of the build arguments in its history, and
 * to declare no secret variable with ARG (those reach it only as BuildKit secrets).
 */
export function checkOwnDockerfile(
  text: string,
  buildArgs: Readonly<Record<string, string>>,
  secretNames: readonly string[],
  platform: BuildPlatform,
): ImageReference[] {
  const parsed = parseDockerfile(text);
  if (parsed.syntax !== null && !OFFICIAL_FRONTEND.test(parsed.syntax)) {
    throw new DockerfileError(`# syntax=${parsed.syntax}: Aether builds with the official Dockerfile frontend only (docker/dockerfile)`);
  }
  const stages = dockerfileStages(parsed, buildArgs, platform);
  const declared = new Set(stages.stages.flatMap((stage) => stage.argNames));
  const secret = secretNames.find((name) => declared.has(name));
  if (secret !== undefined) {
    throw new DockerfileError(
      `ARG ${secret}: ${secret} is a secret build variable, which Aether passes as a BuildKit secret, not a build argument. Read it in the step that needs it: RUN --mount=type=secret,id=${secret} (the value is in /run/secrets/${secret}).`,
    );
  }
  const shipped = argsInFinalImage(stages.stages, Object.keys(buildArgs));
  if (shipped.length > 0) {
    // A variable ships only from an ARG of a stage, so there is a final stage.
    const line = stages.stages.at(-1)!.line;
    throw new DockerfileError(
      `build variable${shipped.length > 1 ? 's' : ''} ${shipped.join(', ')} would ship in the image: the final stage (line ${line}) or a stage it is built FROM declares ${shipped.length > 1 ? 'them' : 'it'} with ARG, and Docker records a RUN's build arguments in the image's history. Declare ${shipped.length > 1 ? 'them' : 'it'} in a build stage and COPY its results into the final one.`,
    );
  }
  return stages.images;
}
