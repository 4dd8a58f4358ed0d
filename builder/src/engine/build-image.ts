import type Docker from 'dockerode';
import type { Pack } from 'tar-fs';

export interface ImageBuild {
  /** A tar stream of the build context. */
  context: Pack | NodeJS.ReadableStream;
  /** The Dockerfile's path inside the context. */
  dockerfile: string;
  tag: string;
  buildArgs?: Record<string, string>;
  labels?: Record<string, string>;
}

/** One message of the engine's build stream, as far as the outcome is concerned. */
interface BuildMessage {
  id?: string;
  aux?: { ID?: string };
  error?: string;
  errorDetail?: { message?: string };
}

export class ImageBuildError extends Error {}

/** Builds through the engine's BuildKit (version 2) and resolves with the new image's ID. */
export async function buildImage(docker: Docker, build: ImageBuild): Promise<string> {
  // tar-fs packs are streamx streams, which dockerode pipes just like Node's own.
  const stream = await docker.buildImage(build.context as NodeJS.ReadableStream, {
    version: '2',
    dockerfile: build.dockerfile,
    t: build.tag,
    buildargs: build.buildArgs ?? {},
    labels: build.labels ?? {},
  } as Docker.ImageBuildOptions);
  const messages = await new Promise<BuildMessage[]>((resolve, reject) => {
    docker.modem.followProgress(stream, (error: Error | null, output: BuildMessage[]) =>
      error ? reject(error) : resolve(output),
    );
  });
  return imageIdFrom(messages);
}

export function imageIdFrom(messages: readonly BuildMessage[]): string {
  const failure = messages.find((m) => m.error !== undefined || m.errorDetail !== undefined);
  if (failure) throw new ImageBuildError(failure.errorDetail?.message ?? failure.error ?? 'build failed');
  const id = messages.find((m) => m.id === 'moby.image.id')?.aux?.ID;
  if (id === undefined) throw new ImageBuildError('the engine finished the build without naming an image');
  return id;
}
