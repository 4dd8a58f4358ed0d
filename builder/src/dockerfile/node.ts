import { commandArgv, refuseSettings, SettingsError, type BuildSettings } from '../../../contract/build-settings.js';
import type { BaseImages } from '../base-images.js';
import type { NodeApp, NodeDetection, NodeStart, NodeWorkspace, PackageManager } from '../detect/detection.js';
import { withMajorVersion } from './image-tag.js';
import { dockerfile, execForm, run } from './instructions.js';
import { type NodeLayout, nodeLayout } from './node-layout.js';
import { managerCommands, type ManagerCommands } from './package-managers.js';
import { NODE_PORT, STATIC_PORT } from './ports.js';
import { staticServerStage } from './static.js';

// Stages: base (Node.js and the package manager) → deps (all dependencies, from the manifests and
// lockfile only, so a source change reuses the layer) → build (the source) → a final stage that
// holds only what runs.

export function nodeDockerfile(detection: NodeDetection, images: BaseImages, settings: BuildSettings): string {
  const image = withMajorVersion(images.node, detection.nodeMajor);
  const pm = managerCommands(detection.packageManager);
  const layout = nodeLayout(detection, pm);
  const { app } = detection;
  const manager = describeManager(detection.packageManager);
  const header = `Aether detected: Node.js ${detection.nodeMajor}, ${describeApp(app)}, ${manager}${describeWorkspace(detection.workspace)}`;
  const front = [baseStage(image, pm), depsStage(layout, pm, settings)];
  switch (app.type) {
    case 'next':
      refuseSettings(settings, ['outputDir'], 'Next.js output is .next/standalone, run by its own server');
      return dockerfile(header, [...front, nextBuildStage(detection, layout, settings), nextRuntimeStage(image, layout, settings)]);
    case 'spa': {
      // Only a guess made it static: a start command says the build makes a server.
      if (app.framework === 'custom' && settings.startCommand !== undefined) {
        return dockerfile(header, [...front, ...serverStages(layout, pm, { type: 'unknown' }, settings)]);
      }
      const served = `a ${app.framework} build is static files, served by static-web-server`;
      refuseSettings(settings, ['startCommand'], served);
      const outputDir = settings.outputDir ?? app.outputDir;
      return dockerfile(header, [
        ...front,
        buildStage(layout, requiredBuilds(detection, layout, settings)),
        staticServerStage(images.static, `--from=build ${appDir(layout)}/${outputDir}`, settings.port ?? STATIC_PORT, true),
      ]);
    }
    case 'server':
      refuseSettings(settings, ['outputDir'], 'a Node.js server runs from its own files, not an output directory');
      return dockerfile(header, [...front, ...serverStages(layout, pm, app.start, settings)]);
  }
}

function serverStages(layout: NodeLayout, pm: ManagerCommands, start: NodeStart, settings: BuildSettings): string[][] {
  return [serverBuildStage(layout, settings), prodDepsStage(layout, pm, settings), serverRuntimeStage(layout, start, settings)];
}

// npm asks the registry for a newer npm on every run, and audits and asks for funding on every
// install: requests that cost time in each build and print advice nobody at a deploy can act on.
const NPM_QUIET = 'ENV NPM_CONFIG_UPDATE_NOTIFIER=false NPM_CONFIG_AUDIT=false NPM_CONFIG_FUND=false';

function baseStage(image: string, pm: ManagerCommands): string[] {
  return [`FROM ${image} AS base`, 'WORKDIR /app', NPM_QUIET, ...pm.setup];
}

// Commands from the settings run where Vercel runs them in a monorepo: the install at the
// workspace root, where the lockfile is, and the build and start in the app's folder.
function depsStage(layout: NodeLayout, pm: ManagerCommands, settings: BuildSettings): string[] {
  return ['FROM base AS deps', ...layout.manifests, run(commandArgv(settings, 'installCommand') ?? layout.install, [pm.cache])];
}

function buildStage(layout: NodeLayout, builds: ReadonlyArray<readonly string[]>, ...after: string[]): string[] {
  return ['FROM deps AS build', 'COPY . .', ...enterApp(layout), ...layout.buildEnv, ...builds.map((argv) => run(argv)), ...after];
}

function nextBuildStage(detection: NodeDetection, layout: NodeLayout, settings: BuildSettings): string[] {
  return [
    'FROM deps AS build',
    'COPY . .',
    ...enterApp(layout),
    // Next.js takes this as the default for `output`, so it traces a standalone server even when
    // next.config does not ask for one.
    'ENV NEXT_PRIVATE_STANDALONE=true',
    // Traced from the workspace root, the standalone output holds the workspace packages the app
    // imports and puts its server at the app's path, whatever Next.js version would guess.
    ...(layout.appPath === '' ? [] : ['ENV NEXT_PRIVATE_OUTPUT_TRACE_ROOT=/app']),
    ...layout.buildEnv,
    ...requiredBuilds(detection, layout, settings).map((argv) => run(argv)),
    '# public/ is optional in a Next.js app, but the final stage copies it.',
    run(['mkdir', '-p', 'public']),
  ];
}

function nextRuntimeStage(image: string, layout: NodeLayout, settings: BuildSettings): string[] {
  const port = settings.port ?? NODE_PORT;
  const from = appDir(layout);
  return [
    `FROM ${image}`,
    'WORKDIR /app',
    'ENV NODE_ENV=production',
    `ENV PORT=${port}`,
    // server.js listens on HOSTNAME, which Docker sets to the container ID otherwise.
    'ENV HOSTNAME=0.0.0.0',
    // Owned by the app user: Next.js writes its image and ISR caches under .next at run time.
    `COPY --from=build --chown=node:node ${from}/.next/standalone ./`,
    `COPY --from=build --chown=node:node ${from}/.next/static ./${inApp(layout, '.next/static')}`,
    `COPY --from=build --chown=node:node ${from}/public ./${inApp(layout, 'public')}`,
    'USER node',
    `EXPOSE ${port}`,
    `CMD ${execForm(commandArgv(settings, 'startCommand') ?? ['node', inApp(layout, 'server.js')])}`,
  ];
}

function serverBuildStage(layout: NodeLayout, settings: BuildSettings): string[] {
  return buildStage(
    layout,
    buildSteps(layout, settings),
    '# The final image gets production dependencies from prod-deps instead.',
    run(['rm', '-rf', ...layout.buildLeftovers]),
  );
}

function prodDepsStage(layout: NodeLayout, pm: ManagerCommands, settings: BuildSettings): string[] {
  return [
    'FROM base AS prod-deps',
    // npm, pnpm and yarn leave devDependencies out under it, a custom install command included.
    'ENV NODE_ENV=production',
    ...layout.manifests,
    run(commandArgv(settings, 'installCommand') ?? layout.installProduction, [pm.cache]),
    ...layout.afterProductionInstall,
  ];
}

function serverRuntimeStage(layout: NodeLayout, start: NodeStart, settings: BuildSettings): string[] {
  const port = settings.port ?? NODE_PORT;
  return [
    'FROM base',
    'ENV NODE_ENV=production',
    `ENV PORT=${port}`,
    ...layout.serverFiles,
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

function buildSteps(layout: NodeLayout, settings: BuildSettings): string[][] {
  const command = commandArgv(settings, 'buildCommand');
  return command === null ? layout.builds : [command];
}

// Next.js and static builds have nothing to serve until something builds them.
function requiredBuilds(detection: NodeDetection, layout: NodeLayout, settings: BuildSettings): string[][] {
  if (!detection.buildScript && settings.buildCommand === undefined) {
    throw new SettingsError('buildCommand is required: package.json has no build script');
  }
  return buildSteps(layout, settings);
}

function appDir(layout: NodeLayout): string {
  return layout.appPath === '' ? '/app' : `/app/${layout.appPath}`;
}

function inApp(layout: NodeLayout, path: string): string {
  return layout.appPath === '' ? path : `${layout.appPath}/${path}`;
}

// Builds and the start command run in the app's folder, where its package.json is.
function enterApp(layout: NodeLayout): string[] {
  return layout.appPath === '' ? [] : [`WORKDIR ${appDir(layout)}`];
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

function describeWorkspace(workspace: NodeWorkspace | null): string {
  if (workspace === null) return '';
  const runner = workspace.taskRunner === null ? '' : ` built by ${workspace.taskRunner === 'turbo' ? 'Turborepo' : 'Nx'}`;
  return `, package ${workspace.app.name} of a workspace${runner}`;
}

function describeManager(manager: PackageManager): string {
  const name = manager.version === null ? manager.name : `${manager.name} ${manager.version}`;
  return manager.lockfile === null ? `${name} without a lockfile` : `${name} with ${manager.lockfile}`;
}
