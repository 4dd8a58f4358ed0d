import { argsInFinalImage, type BuildPlatform, DockerfileError, dockerfileStages, type ImageReference } from './image-references.js';
import { parseDockerfile } from './parse-dockerfile.js';

// What Aether checks in a repository's own Dockerfile before building it as is.

/** The official Dockerfile frontend, at any version; any other image could resolve any local image. */
const OFFICIAL_FRONTEND = /^(docker\.io\/)?docker\/dockerfile(:[A-Za-z0-9._-]+)?(@sha256:[0-9a-f]{64})?$/;

/**
 * The images the Dockerfile builds from (to check against this engine's images), once it is
 * known to run on the official frontend and to ship none of the build variables in its history.
 */
export function checkOwnDockerfile(text: string, buildArgs: Readonly<Record<string, string>>, platform: BuildPlatform): ImageReference[] {
  const parsed = parseDockerfile(text);
  if (parsed.syntax !== null && !OFFICIAL_FRONTEND.test(parsed.syntax)) {
    throw new DockerfileError(`# syntax=${parsed.syntax}: Aether builds with the official Dockerfile frontend only (docker/dockerfile)`);
  }
  const stages = dockerfileStages(parsed, buildArgs, platform);
  const shipped = argsInFinalImage(stages.stages, Object.keys(buildArgs));
  if (shipped.length > 0) {
    const line = stages.stages.at(-1)?.line ?? 1;
    throw new DockerfileError(
      `build variable${shipped.length > 1 ? 's' : ''} ${shipped.join(', ')} would ship in the image: the final stage (line ${line}) or a stage it is built FROM declares ${shipped.length > 1 ? 'them' : 'it'} with ARG, and Docker records a RUN's build arguments in the image's history. Declare ${shipped.length > 1 ? 'them' : 'it'} in a build stage and COPY its results into the final one.`,
    );
  }
  return stages.images;
}
