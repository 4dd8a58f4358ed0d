import { refuseSettings, type BuildSettings } from '../../../contract/build-settings.js';
import type { BaseImages } from '../base-images.js';
import type { StaticRouting } from '../detect/detection.js';
import { MULTI_PAGE, routingWith } from '../detect/static-routing.js';
import { copy, env, expose, type GeneratedDockerfile, type Instruction, type Stage, user } from './instructions.js';
import { STATIC_PORT } from './ports.js';

/** Where the served files come from: a folder of the context, or of a build stage (`from`). */
export interface StaticFiles {
  path: string;
  from?: string;
}

/**
 * The final stage for static files: static-web-server, unprivileged, serving /public with its
 * cache headers, and answering paths with no file as `routing` says.
 */
export function staticServerStage(image: string, files: StaticFiles, port: number, routing: StaticRouting): Stage {
  return {
    from: image,
    instructions: [
      env({ PORT: port }),
      env({ SERVER_PORT: port }),
      env({ SERVER_ROOT: '/public' }),
      // static-web-server's default, stated so that long caching of assets is visibly intended.
      env({ SERVER_CACHE_CONTROL_HEADERS: 'true' }),
      routingEnv(routing),
      copy([files.path], '/public', files.from === undefined ? {} : { from: files.from }),
      user('65534:65534'),
      expose(port),
    ],
  };
}

// static-web-server answers a fallback page with 200 and an error page with 404; an error page
// the files lack gives its own plain 404 page.
function routingEnv(routing: StaticRouting): Instruction {
  return routing.type === 'single-page'
    ? env({ SERVER_FALLBACK_PAGE: `/public/${routing.shell}` })
    : env({ SERVER_ERROR_PAGE_404: `/public/${routing.notFound}` });
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
  const header = `Aether detected: a static site (index.html), served as is from ${from}, missing pages answered by its 404.html`;
  const commands = { install: null, builds: [], start: null, outputDir: source };
  return { dockerfile: { header, stages: [staticServerStage(images.static, { path: source }, port, routingWith(MULTI_PAGE, settings))] }, port, commands };
}
