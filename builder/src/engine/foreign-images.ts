import type Docker from 'dockerode';
import { AETHER_LABELS } from '../../../contract/aether-labels.js';
import { type BuildPlatform, DockerfileError, dockerfileStages, type ImageReference } from '../dockerfile/image-references.js';
import { parseDockerfile } from '../dockerfile/parse-dockerfile.js';

// The engine's BuildKit resolves FROM, COPY --from and mounts from= against local images before
// any registry, and every project's images are local: without this check a repository could
// build FROM another tenant's image and copy out its code and files.

/** An image of this engine that Aether built for a project other than `projectId`. */
export function belongsToAnotherProject(labels: Readonly<Record<string, string>> | null | undefined, projectId: string): boolean {
  const owner = labels?.[AETHER_LABELS.project];
  return owner !== undefined && owner !== projectId;
}

/**
 * Refuses the build when a reference (a name, an image ID, a digest: the engine looks each up
 * as `inspect` does) is a local image of another project, or is one whose ONBUILD triggers take
 * files from one. A reference the engine does not have is pulled from a registry, as usual.
 */
export async function refuseForeignImages(docker: Docker, references: readonly ImageReference[], projectId: string): Promise<void> {
  for (const { reference, where } of references) {
    const image = await localImage(docker, reference);
    if (image === null) continue;
    if (belongsToAnotherProject(image.Config.Labels, projectId)) throw foreign(where, reference);
    const triggers = image.Config.OnBuild ?? [];
    if (triggers.length === 0) continue;
    const inherited = dockerfileStages(parseDockerfile(['FROM scratch', ...triggers].join('\n')), {}, { os: '', architecture: '', variant: '' });
    for (const trigger of inherited.images) {
      const source = await localImage(docker, trigger.reference);
      if (source !== null && belongsToAnotherProject(source.Config.Labels, projectId)) throw foreign(`${where} (its ONBUILD ${trigger.where})`, trigger.reference);
    }
  }
}

export async function enginePlatform(docker: Docker): Promise<BuildPlatform> {
  const version = await docker.version();
  return { os: version.Os, architecture: version.Arch, variant: '' };
}

async function localImage(docker: Docker, reference: string): Promise<Docker.ImageInspectInfo | null> {
  try {
    return await docker.getImage(reference).inspect();
  } catch (error) {
    const status = (error as { statusCode?: number }).statusCode;
    // 404: not on this engine; 400: not a reference at all, which the build itself then refuses.
    if (status === 404 || status === 400) return null;
    throw error;
  }
}

function foreign(where: string, reference: string): DockerfileError {
  return new DockerfileError(`${where} names ${reference}, an image of another project on this server; a build may start only from public images or its own project's`);
}
