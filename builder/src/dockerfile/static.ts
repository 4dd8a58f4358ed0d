import { refuseSettings, type BuildSettings } from '../../../contract/build-settings.js';
import type { BaseImages } from '../base-images.js';
import { dockerfile } from './instructions.js';
import { STATIC_PORT } from './ports.js';

/**
 * The final stage for static files: static-web-server, unprivileged, serving /public with its
 * cache headers. `spa` answers unknown paths with index.html, so client-side routes load.
 * `source` is a COPY source list, e.g. "--from=build /app/dist" or ".".
 */
export function staticServerStage(image: string, source: string, port: number, spa: boolean): string[] {
  return [
    `FROM ${image}`,
    `ENV PORT=${port}`,
    `ENV SERVER_PORT=${port}`,
    'ENV SERVER_ROOT=/public',
    // static-web-server's default, stated so that long caching of assets is visibly intended.
    'ENV SERVER_CACHE_CONTROL_HEADERS=true',
    ...(spa ? ['ENV SERVER_FALLBACK_PAGE=/public/index.html'] : []),
    `COPY ${source} /public`,
    'USER 65534:65534',
    `EXPOSE ${port}`,
  ];
}

// Nothing to build or install, so one stage: the files are copied straight into the server.
export function staticDockerfile(images: BaseImages, settings: BuildSettings): string {
  refuseSettings(
    settings,
    ['installCommand', 'buildCommand', 'startCommand'],
    'a static site is served as is by static-web-server; add a package.json with a build script to build it',
  );
  const source = settings.outputDir ?? '.';
  const from = source === '.' ? 'the root' : `${source}/`;
  return dockerfile(`Aether detected: a static site (index.html), served as is from ${from}`, [
    staticServerStage(images.static, source, settings.port ?? STATIC_PORT, false),
  ]);
}
