import type Docker from 'dockerode';
import type { Pack } from 'tar-fs';
import type { BuildLogLine } from '../../../contract/build-streams.js';
import { createBuildLog } from './build-log.js';
import { openBuildSession } from './build-session.js';
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
  /** Offered as BuildKit secrets, by id (`RUN --mount=type=secret,id=NAME`): they reach no image, history or cache key. */
  secrets?: ReadonlyMap<string, string>;
  /** `host:ip` entries in every RUN step's /etc/hosts; their names are part of each step's cache key. */
  extraHosts?: readonly string[];
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
  const session = await openBuildSession(docker, build.secrets ?? new Map());
  try {
    return await buildInSession(docker, build, session.id, onLine, signal);
  } finally {
    session.close();
  }
}

/** The query of the engine's POST /build. */
export function buildQuery(build: Omit<ImageBuild, 'context' | 'secrets'>, session: string): Record<string, unknown> {
  return {
    version: '2',
    session,
    dockerfile: build.dockerfile,
    t: build.tag,
    buildargs: build.buildArgs ?? {},
    labels: build.labels ?? {},
    nocache: build.noCache ?? false,
    extrahosts: [...(build.extraHosts ?? [])],
  };
}

async function buildInSession(
  docker: Docker,
  build: ImageBuild,
  session: string,
  onLine: (line: BuildLogLine) => void,
  signal: AbortSignal | undefined,
): Promise<string> {
  // Not docker.buildImage: it opens a session of its own for every BuildKit build and names that one.
  const stream = await new Promise<NodeJS.ReadableStream>((resolve, reject) =>
    docker.modem.dial(
      {
        path: '/build?',
        method: 'POST',
        // tar-fs packs are streamx streams, which the modem pipes just like Node's own.
        file: build.context as NodeJS.ReadableStream,
        options: buildQuery(build, session),
        isStream: true,
        statusCodes: { 200: true, 500: 'server error' },
      },
      (error, response) => (error ? reject(error) : resolve(response as NodeJS.ReadableStream)),
    ),
  );
  const abort = () => {
    (stream as NodeJS.ReadableStream & { destroy(): void }).destroy();
    // Stops reading the checkout, which the canceled build removes next.
    (build.context as NodeJS.ReadableStream & { destroy(): void }).destroy();
  };
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
