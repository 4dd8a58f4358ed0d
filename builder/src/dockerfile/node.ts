import type { BaseImages } from '../base-images.js';
import type { NodeApp, NodeDetection, NodeStart, PackageManager } from '../detect/detection.js';
import { withMajorVersion } from './image-tag.js';
import { dockerfile, execForm, run } from './instructions.js';
import { managerCommands, type ManagerCommands } from './package-managers.js';
import { NODE_PORT, STATIC_PORT } from './ports.js';
import { commandArgv, refuseSettings, SettingsError, type BuildSettings } from './settings.js';
import { staticServerStage } from './static.js';

// Stages: base (Node.js and the package manager) → deps (all dependencies, from the manifest and
// lockfile only, so a source change reuses the layer) → build (the source) → a final stage that
// holds only what runs.

export function nodeDockerfile(detection: NodeDetection, images: BaseImages, settings: BuildSettings): string {
  const image = withMajorVersion(images.node, detection.nodeMajor);
  const pm = managerCommands(detection.packageManager);
  const { app } = detection;
  const manager = describeManager(detection.packageManager);
  const header = `Aether detected: Node.js ${detection.nodeMajor}, ${describeApp(app)}, ${manager}`;
  const front = [baseStage(image, pm), depsStage(detection, pm, settings)];
  switch (app.type) {
    case 'next':
      refuseSettings(settings, ['outputDir'], 'Next.js output is .next/standalone, run by its own server');
      return dockerfile(header, [...front, nextBuildStage(detection, pm, settings), nextRuntimeStage(image, settings)]);
    case 'spa': {
      const served = `a ${app.framework} build is static files, served by static-web-server`;
      refuseSettings(settings, ['startCommand'], served);
      const outputDir = settings.outputDir ?? app.outputDir;
      return dockerfile(header, [
        ...front,
        buildStage(requiredBuild(detection, pm, settings)),
        staticServerStage(images.static, `--from=build /app/${outputDir}`, settings.port ?? STATIC_PORT, true),
      ]);
    }
    case 'server':
      refuseSettings(settings, ['outputDir'], 'a Node.js server runs from its own files, not an output directory');
      return dockerfile(header, [
        ...front,
        serverBuildStage(detection, pm, settings),
        prodDepsStage(detection.packageManager, pm, settings),
        serverRuntimeStage(app.start, settings),
      ]);
  }
}

function baseStage(image: string, pm: ManagerCommands): string[] {
  return [`FROM ${image} AS base`, 'WORKDIR /app', ...pm.setup];
}

function depsStage(detection: NodeDetection, pm: ManagerCommands, settings: BuildSettings): string[] {
  return ['FROM base AS deps', copyManifest(detection.packageManager), run(install(pm, settings), [pm.cache])];
}

function buildStage(build: readonly string[] | null, ...after: string[]): string[] {
  return ['FROM deps AS build', 'COPY . .', ...(build === null ? [] : [run(build)]), ...after];
}

function nextBuildStage(detection: NodeDetection, pm: ManagerCommands, settings: BuildSettings): string[] {
  return [
    'FROM deps AS build',
    'COPY . .',
    // Next.js takes this as the default for `output`, so it traces a standalone server even when
    // next.config does not ask for one.
    'ENV NEXT_PRIVATE_STANDALONE=true',
    run(requiredBuild(detection, pm, settings)),
    '# public/ is optional in a Next.js app, but the final stage copies it.',
    run(['mkdir', '-p', 'public']),
  ];
}

function nextRuntimeStage(image: string, settings: BuildSettings): string[] {
  const port = settings.port ?? NODE_PORT;
  return [
    `FROM ${image}`,
    'WORKDIR /app',
    'ENV NODE_ENV=production',
    `ENV PORT=${port}`,
    // server.js listens on HOSTNAME, which Docker sets to the container ID otherwise.
    'ENV HOSTNAME=0.0.0.0',
    // Owned by the app user: Next.js writes its image and ISR caches under .next at run time.
    'COPY --from=build --chown=node:node /app/.next/standalone ./',
    'COPY --from=build --chown=node:node /app/.next/static ./.next/static',
    'COPY --from=build --chown=node:node /app/public ./public',
    'USER node',
    `EXPOSE ${port}`,
    `CMD ${execForm(commandArgv(settings, 'startCommand') ?? ['node', 'server.js'])}`,
  ];
}

function serverBuildStage(detection: NodeDetection, pm: ManagerCommands, settings: BuildSettings): string[] {
  return buildStage(
    buildArgv(detection, pm, settings),
    '# The final image gets production dependencies from prod-deps instead.',
    run(['rm', '-rf', 'node_modules']),
  );
}

function prodDepsStage(manager: PackageManager, pm: ManagerCommands, settings: BuildSettings): string[] {
  return [
    'FROM base AS prod-deps',
    // npm, pnpm and yarn leave devDependencies out under it, a custom install command included.
    'ENV NODE_ENV=production',
    copyManifest(manager),
    run(commandArgv(settings, 'installCommand') ?? pm.installProduction, [pm.cache]),
    '# A project without dependencies has no node_modules, but the final stage copies it.',
    run(['mkdir', '-p', 'node_modules']),
  ];
}

function serverRuntimeStage(start: NodeStart, settings: BuildSettings): string[] {
  const port = settings.port ?? NODE_PORT;
  return [
    'FROM base',
    'ENV NODE_ENV=production',
    `ENV PORT=${port}`,
    'COPY --from=build --chown=node:node /app ./',
    'COPY --from=prod-deps --chown=node:node /app/node_modules ./node_modules',
    'USER node',
    `EXPOSE ${port}`,
    `CMD ${execForm(commandArgv(settings, 'startCommand') ?? startArgv(start))}`,
  ];
}

// npm is in every Node.js image, so the start script runs without fetching another manager at start-up.
function startArgv(start: NodeStart): string[] {
  switch (start.type) {
    case 'script':
      return ['npm', 'run', 'start'];
    case 'file':
      return ['node', start.path];
    case 'unknown':
      throw new SettingsError(
        'startCommand is required: package.json has no start script or main, and no server framework Aether knows',
      );
  }
}

function install(pm: ManagerCommands, settings: BuildSettings): string[] {
  return commandArgv(settings, 'installCommand') ?? pm.install;
}

function buildArgv(detection: NodeDetection, pm: ManagerCommands, settings: BuildSettings): string[] | null {
  return commandArgv(settings, 'buildCommand') ?? (detection.buildScript ? pm.build : null);
}

// Next.js and static builds have nothing to serve until something builds them.
function requiredBuild(detection: NodeDetection, pm: ManagerCommands, settings: BuildSettings): string[] {
  const build = buildArgv(detection, pm, settings);
  if (build === null) throw new SettingsError('buildCommand is required: package.json has no build script');
  return build;
}

function copyManifest(manager: PackageManager): string {
  return `COPY ${['package.json', ...(manager.lockfile === null ? [] : [manager.lockfile])].join(' ')} ./`;
}

function describeApp(app: NodeApp): string {
  switch (app.type) {
    case 'next':
      return 'Next.js (standalone server)';
    case 'spa':
      return `${app.framework} static build from ${app.outputDir}/`;
    case 'server':
      return `${app.framework ?? 'Node.js'} server`;
  }
}

function describeManager(manager: PackageManager): string {
  const name = manager.version === null ? manager.name : `${manager.name} ${manager.version}`;
  return manager.lockfile === null ? `${name} without a lockfile` : `${name} with ${manager.lockfile}`;
}
