import type Docker from 'dockerode';
import type { Pack } from 'tar-fs';
import { type BuildLogLine, createBuildLog } from './build-log.js';
import { decodeStatus } from './buildkit-status.js';

export interface ImageBuild {
  /** A tar stream of the build context. */
  context: Pack | NodeJS.ReadableStream;
  /** The Dockerfile's path inside the context. */
  dockerfile: string;
  tag: string;
  buildArgs?: Record<string, string>;
  labels?: Record<string, string>;
  /** Rebuild every step; cache mounts (package manager caches) are still used. */
  noCache?: boolean;
}

/** One message of the engine's build stream, as far as the outcome is concerned. */
interface BuildMessage {
  id?: string;
  /** The image ID object for moby.image.id; base64 protobuf for moby.buildkit.trace. */
  aux?: { ID?: string } | string;
  error?: string;
  errorDetail?: { message?: string };
}

export class ImageBuildError extends Error {}

/** The build was stopped from outside (canceled, or out of time); the message says which. */
export class BuildAbortedError extends Error {
  constructor(signal: AbortSignal) {
    super(signal.reason instanceof Error ? signal.reason.message : String(signal.reason ?? 'aborted'));
  }
}

/**
 * Builds through the engine's BuildKit (version 2) and resolves with the new image's ID,
 * handing each log line to `onLine` as the engine reports it. Aborting `signal` closes the
 * request, and BuildKit cancels a build whose client has gone.
 */
export async function buildImage(
  docker: Docker,
  build: ImageBuild,
  onLine: (line: BuildLogLine) => void = () => {},
  signal?: AbortSignal,
): Promise<string> {
  signal?.throwIfAborted();
  // tar-fs packs are streamx streams, which dockerode pipes just like Node's own.
  const stream = await docker.buildImage(build.context as NodeJS.ReadableStream, {
    version: '2',
    dockerfile: build.dockerfile,
    t: build.tag,
    buildargs: build.buildArgs ?? {},
    labels: build.labels ?? {},
    nocache: build.noCache ?? false,
  } as Docker.ImageBuildOptions);
  const abort = () => (stream as NodeJS.ReadableStream & { destroy(): void }).destroy();
  signal?.addEventListener('abort', abort, { once: true });
  // Sending the context takes a while; an abort during it fired before the listener existed.
  if (signal?.aborted) abort();
  const log = createBuildLog();
  const messages = await new Promise<BuildMessage[]>((resolve, reject) => {
    docker.modem.followProgress(
      stream,
      (error: Error | null, output: BuildMessage[]) => (error ? reject(error) : resolve(output)),
      (message: BuildMessage) => {
        if (message.id === 'moby.buildkit.trace' && typeof message.aux === 'string') {
          log.add(decodeStatus(message.aux)).forEach(onLine);
        }
      },
    );
  });
  signal?.removeEventListener('abort', abort);
  log.end().forEach(onLine);
  if (signal?.aborted) throw new BuildAbortedError(signal);
  return imageIdFrom(messages);
}

export function imageIdFrom(messages: readonly BuildMessage[]): string {
  const failure = messages.find((m) => m.error !== undefined || m.errorDetail !== undefined);
  if (failure) throw new ImageBuildError(failure.errorDetail?.message ?? failure.error ?? 'build failed');
  const aux = messages.find((m) => m.id === 'moby.image.id')?.aux;
  const id = typeof aux === 'object' ? aux.ID : undefined;
  if (id === undefined) throw new ImageBuildError('the engine finished the build without naming an image');
  return id;
}
