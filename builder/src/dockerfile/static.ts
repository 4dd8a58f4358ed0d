import { refuseSettings, type BuildSettings } from '../../../contract/build-settings.js';
import type { BaseImages } from '../base-images.js';
import { copy, env, expose, type GeneratedDockerfile, type Instruction, type Stage, user } from './instructions.js';
import { STATIC_PORT } from './ports.js';

/** Where the served files come from: a folder of the context, or of a build stage (`from`). */
export interface StaticFiles {
  path: string;
  from?: string;
}

/**
 * The final stage for static files: static-web-server, unprivileged, serving /public with its
 * cache headers. `spa` answers unknown paths with index.html, so client-side routes load.
 */
export function staticServerStage(image: string, files: StaticFiles, port: number, spa: boolean): Stage {
  const fallback: Instruction[] = spa ? [env({ SERVER_FALLBACK_PAGE: '/public/index.html' })] : [];
  return {
    from: image,
    instructions: [
      env({ PORT: port }),
      env({ SERVER_PORT: port }),
      env({ SERVER_ROOT: '/public' }),
      // static-web-server's default, stated so that long caching of assets is visibly intended.
      env({ SERVER_CACHE_CONTROL_HEADERS: 'true' }),
      ...fallback,
      copy([files.path], '/public', files.from === undefined ? {} : { from: files.from }),
      user('65534:65534'),
      expose(port),
    ],
  };
}

// Nothing to build or install, so one stage: the files are copied straight into the server.
export function staticDockerfile(images: BaseImages, settings: BuildSettings): GeneratedDockerfile {
  refuseSettings(
    settings,
    ['installCommand', 'buildCommand', 'startCommand'],
    'a static site is served as is by static-web-server; add a package.json with a build script to build it',
  );
  const source = settings.outputDir ?? '.';
  const from = source === '.' ? 'the root' : `${source}/`;
  const port = settings.port ?? STATIC_PORT;
  const header = `Aether detected: a static site (index.html), served as is from ${from}`;
  const commands = { install: null, builds: [], start: null, outputDir: source };
  return { dockerfile: { header, stages: [staticServerStage(images.static, { path: source }, port, false)] }, port, commands };
}
