import { commandArgv, refuseSettings, SettingsError, type BuildSettings } from '../../../contract/build-settings.js';
import type { BaseImages } from '../base-images.js';
import type { NodeApp, NodeDetection, NodeStart, NodeWorkspace, PackageManager, ServerFramework, StaticFramework, StaticRouting } from '../detect/detection.js';
import { withMajorVersion } from './image-tag.js';
import { cmd, comment, copy, type DockerfileCommands, env, expose, type GeneratedDockerfile, type Instruction, run, type Stage, user, workdir } from './instructions.js';
import { type NodeLayout, nodeLayout } from './node-layout.js';
import { managerCommands, type ManagerCommands } from './package-managers.js';
import { NODE_PORT, STATIC_PORT } from './ports.js';
import { NO_START } from '../detect/node-app.js';
import { routingWith } from '../detect/static-routing.js';
import { staticServerStage } from './static.js';
import { TRACED, traceSteps } from './trace.js';

// Stages: base (Node.js and the package manager) → deps (all dependencies, from the manifests and
// lockfile only, so a source change reuses the layer) → build (the source) → a final stage that
// holds only what runs.

export function nodeDockerfile(detection: NodeDetection, images: BaseImages, settings: BuildSettings): GeneratedDockerfile {
  const image = withMajorVersion(images.node, detection.nodeMajor);
  const pm = managerCommands(detection.packageManager);
  const layout = nodeLayout(detection, pm);
  const manager = describeManager(detection.packageManager);
  const header = `Aether detected: Node.js ${detection.nodeMajor}, ${describeApp(detection.app)}, ${manager}${describeWorkspace(detection.workspace)}`;
  const port = settings.port ?? (servedStatic(detection.app, settings) ? STATIC_PORT : NODE_PORT);
  const build: NodeBuild = { detection, image, staticImage: images.static, layout, pm, settings, port };
  const stages = [baseStage(image, pm), depsStage(layout, pm, settings), ...appStages(build)];
  return { dockerfile: { header, stages }, port, commands: nodeCommands(build) };
}

/** Read after the stages are made, which refuse settings that do not apply and a start nothing says. */
function nodeCommands({ detection, layout, settings }: NodeBuild): DockerfileCommands {
  const { app } = detection;
  const install = commandArgv(settings, 'installCommand') ?? layout.install;
  const builds = buildSteps(layout, settings);
  switch (app.type) {
    case 'next':
      return { install, builds, start: commandArgv(settings, 'startCommand') ?? ['node', inApp(layout, 'server.js')], outputDir: null };
    case 'static':
      return servedStatic(app, settings)
        ? { install, builds: requiredBuilds(detection, layout, settings), start: null, outputDir: settings.outputDir ?? app.outputDir }
        : { install, builds, start: commandArgv(settings, 'startCommand') ?? startArgv(NO_START), outputDir: null };
    case 'server':
      return { install, builds, start: commandArgv(settings, 'startCommand') ?? startArgv(app.start), outputDir: null };
  }
}

/** What the stages after base and deps are made from. */
interface NodeBuild {
  detection: NodeDetection;
  /** The Node.js image at the project's major version. */
  image: string;
  staticImage: string;
  layout: NodeLayout;
  pm: ManagerCommands;
  settings: BuildSettings;
  /** The port the final stage listens on. */
  port: number;
}

// Only a guess makes a build static: a start command says a custom build makes a server.
function servedStatic(app: NodeApp, settings: BuildSettings): boolean {
  return app.type === 'static' && !(app.framework === 'custom' && settings.startCommand !== undefined);
}

function appStages({ detection, image, staticImage, layout, pm, settings, port }: NodeBuild): Stage[] {
  const { app } = detection;
  switch (app.type) {
    case 'next':
      refuseSettings(settings, ['outputDir'], 'Next.js output is .next/standalone, run by its own server');
      return [nextBuildStage(detection, layout, settings), nextRuntimeStage(image, layout, settings, port)];
    case 'static': {
      if (!servedStatic(app, settings)) return serverStages(layout, pm, NO_START, settings, port);
      refuseSettings(settings, ['startCommand'], `a ${app.framework} build is static files, served by static-web-server`);
      const files = { from: 'build', path: `${appDir(layout)}/${settings.outputDir ?? app.outputDir}` };
      return [buildStage(layout, requiredBuilds(detection, layout, settings)), staticServerStage(staticImage, files, port, routingWith(app.routing, settings))];
    }
    case 'server':
      refuseSettings(settings, ['outputDir'], 'a Node.js server runs from its own files, not an output directory');
      if ((app.start.type === 'output' || app.start.type === 'bundle') && settings.startCommand === undefined) {
        const trace = app.start.type === 'bundle' ? traceSteps(app.start.entry) : [];
        return [
          buildStage(layout, requiredBuilds(detection, layout, settings), [], ...trace),
          outputRuntimeStage(image, layout, app.start, port, runtimeSetup(app.framework, app.start)),
        ];
      }
      return serverStages(layout, pm, app.start, settings, port, runtimeSetup(app.framework, app.start), buildSetup(app));
  }
}

function serverStages(
  layout: NodeLayout,
  pm: ManagerCommands,
  start: NodeStart,
  settings: BuildSettings,
  port: number,
  runtimeSetup: Instruction[] = [],
  buildSetup: Instruction[] = [],
): Stage[] {
  return [serverBuildStage(layout, settings, buildSetup), prodDepsStage(layout, pm, settings), serverRuntimeStage(layout, start, settings, port, runtimeSetup)];
}

// The version TanStack Start's own tooling depends on, pinned so a rebuild serves the same way.
// Installed apart from the project's dependencies, where a workspace or pnpm would hide it.
const SRVX = 'srvx@1.0.8';

// What a framework's server needs told to answer behind the proxy. Angular's answers 400 to any
// Host but localhost: the proxy routes only the project's own domains to the container, so the
// Host is checked before it. Astro's standalone server listens on localhost only unless HOST says
// otherwise. SvelteKit's takes the page's origin, which its form actions are checked against, from
// the headers the proxy sets (it replaces a client's own), not from the container's address.
const FRAMEWORK_ENV: Partial<Record<ServerFramework, Record<string, string>>> = {
  angular: { NG_ALLOWED_HOSTS: '*' },
  astro: { HOST: '0.0.0.0' },
  sveltekit: { PROTOCOL_HEADER: 'x-forwarded-proto', HOST_HEADER: 'x-forwarded-host' },
};

function runtimeSetup(framework: ServerFramework | null, start: NodeStart): Instruction[] {
  const vars = framework === null ? undefined : FRAMEWORK_ENV[framework];
  const srvx = start.type === 'fetch-handler' ? [run(['npm', 'install', '--global', SRVX])] : [];
  return [...(vars === undefined ? [] : [env(vars)]), ...srvx];
}

// adapter-auto picks adapter-node, installing it for the build, where it finds Google Cloud Run's
// buildpacks (its adapters.js): the host it knows whose output is a plain Node.js server.
function buildSetup(app: Extract<NodeApp, { type: 'server' }>): Instruction[] {
  return app.build === 'gcp-buildpacks' ? [env({ GCP_BUILDPACKS: 'true' })] : [];
}

// npm asks the registry for a newer npm on every run, and audits and asks for funding on every
// install: requests that cost time in each build and print advice nobody at a deploy can act on.
const NPM_QUIET = env({ NPM_CONFIG_UPDATE_NOTIFIER: 'false', NPM_CONFIG_AUDIT: 'false', NPM_CONFIG_FUND: 'false' });

function baseStage(image: string, pm: ManagerCommands): Stage {
  return { from: image, name: 'base', instructions: [workdir('/app'), NPM_QUIET, ...pm.setup] };
}

// Commands from the settings run where Vercel runs them in a monorepo: the install at the
// workspace root, where the lockfile is, and the build and start in the app's folder.
function depsStage(layout: NodeLayout, pm: ManagerCommands, settings: BuildSettings): Stage {
  return {
    from: 'base',
    name: 'deps',
    instructions: [...layout.manifests, run(commandArgv(settings, 'installCommand') ?? layout.install, [pm.cache])],
  };
}

function buildStage(layout: NodeLayout, builds: ReadonlyArray<readonly string[]>, setup: Instruction[] = [], ...after: Instruction[]): Stage {
  return {
    from: 'deps',
    name: 'build',
    instructions: [copy(['.'], '.'), ...enterApp(layout), ...layout.buildEnv, ...setup, ...builds.map((argv) => run(argv)), ...after],
  };
}

function nextBuildStage(detection: NodeDetection, layout: NodeLayout, settings: BuildSettings): Stage {
  return {
    from: 'deps',
    name: 'build',
    instructions: [
      copy(['.'], '.'),
      ...enterApp(layout),
      // Next.js takes this as the default for `output`, so it traces a standalone server even when
      // next.config does not ask for one.
      env({ NEXT_PRIVATE_STANDALONE: 'true' }),
      // Traced from the workspace root, the standalone output holds the workspace packages the app
      // imports and puts its server at the app's path, whatever Next.js version would guess.
      ...(layout.appPath === '' ? [] : [env({ NEXT_PRIVATE_OUTPUT_TRACE_ROOT: '/app' })]),
      ...layout.buildEnv,
      ...requiredBuilds(detection, layout, settings).map((argv) => run(argv)),
      comment('public/ is optional in a Next.js app, but the final stage copies it.'),
      run(['mkdir', '-p', 'public']),
    ],
  };
}

function nextRuntimeStage(image: string, layout: NodeLayout, settings: BuildSettings, port: number): Stage {
  const from = appDir(layout);
  const owned = { from: 'build', chown: 'node:node' };
  return {
    from: image,
    instructions: [
      workdir('/app'),
      env({ NODE_ENV: 'production' }),
      env({ PORT: port }),
      // server.js listens on HOSTNAME, which Docker sets to the container ID otherwise.
      env({ HOSTNAME: '0.0.0.0' }),
      // Owned by the app user: Next.js writes its image and ISR caches under .next at run time.
      copy([`${from}/.next/standalone`], './', owned),
      copy([`${from}/.next/static`], `./${inApp(layout, '.next/static')}`, owned),
      copy([`${from}/public`], `./${inApp(layout, 'public')}`, owned),
      user('node'),
      expose(port),
      cmd(commandArgv(settings, 'startCommand') ?? ['node', inApp(layout, 'server.js')]),
    ],
  };
}

function serverBuildStage(layout: NodeLayout, settings: BuildSettings, setup: Instruction[]): Stage {
  return buildStage(
    layout,
    buildSteps(layout, settings),
    setup,
    comment('The final image gets production dependencies from prod-deps instead.'),
    run(['rm', '-rf', ...layout.buildLeftovers]),
  );
}

function prodDepsStage(layout: NodeLayout, pm: ManagerCommands, settings: BuildSettings): Stage {
  return {
    from: 'base',
    name: 'prod-deps',
    instructions: [
      // npm, pnpm and yarn leave devDependencies out under it, a custom install command included.
      env({ NODE_ENV: 'production' }),
      ...layout.manifests,
      run(commandArgv(settings, 'installCommand') ?? layout.installProduction, [pm.cache]),
      ...layout.afterProductionInstall,
    ],
  };
}

function serverRuntimeStage(layout: NodeLayout, start: NodeStart, settings: BuildSettings, port: number, runtimeSetup: Instruction[]): Stage {
  return {
    from: 'base',
    instructions: [
      env({ NODE_ENV: 'production' }),
      env({ PORT: port }),
      ...runtimeSetup,
      ...layout.serverFiles,
      user('node'),
      expose(port),
      cmd(commandArgv(settings, 'startCommand') ?? startArgv(start)),
    ],
  };
}

// The output folder, on the plain Node.js image: no package manager, no node_modules of the
// project. Its server imports the dependencies the folder carries, or a bundle's traced beside it.
function outputRuntimeStage(image: string, layout: NodeLayout, start: Extract<NodeStart, { type: 'output' | 'bundle' }>, port: number, setup: Instruction[]): Stage {
  const owned = { from: 'build', chown: 'node:node' };
  return {
    from: image,
    instructions: [
      workdir(appDir(layout)),
      env({ NODE_ENV: 'production' }),
      env({ PORT: port }),
      ...setup,
      ...(start.type === 'bundle' ? [copy([`${TRACED}/`], '/app/', owned)] : []),
      copy([`${appDir(layout)}/${start.dir}`], `./${start.dir}`, owned),
      user('node'),
      expose(port),
      cmd(startArgv(start)),
    ],
  };
}

// npm is in every Node.js image, so the start script runs without fetching another manager at start-up.
function startArgv(start: NodeStart): string[] {
  switch (start.type) {
    case 'script':
      return ['npm', 'run', 'start'];
    case 'file':
      return ['node', start.path];
    case 'output':
    case 'bundle':
      return ['node', start.entry];
    case 'fetch-handler':
      // srvx serves the static files first and hands every other request to the handler.
      return ['srvx', '--prod', '-s', start.staticDir, start.entry];
    case 'unknown':
      throw new SettingsError(`startCommand is required: ${start.found}`);
  }
}

function buildSteps(layout: NodeLayout, settings: BuildSettings): string[][] {
  const command = commandArgv(settings, 'buildCommand');
  return command === null ? layout.builds : [command];
}

// Frameworks whose templates have no build script, built the way their docs give. npx finds the
// project's own CLI in node_modules and fetches nothing.
const FRAMEWORK_BUILDS: Partial<Record<StaticFramework, string[]>> = {
  expo: ['npx', '--no-install', 'expo', 'export', '--platform', 'web'],
};

// Next.js and static builds have nothing to serve until something builds them.
function requiredBuilds(detection: NodeDetection, layout: NodeLayout, settings: BuildSettings): string[][] {
  if (detection.buildScript || settings.buildCommand !== undefined) return buildSteps(layout, settings);
  const framework = detection.app.type === 'static' ? FRAMEWORK_BUILDS[detection.app.framework] : undefined;
  if (framework === undefined) throw new SettingsError('buildCommand is required: package.json has no build script');
  return [...layout.builds, framework];
}

function appDir(layout: NodeLayout): string {
  return layout.appPath === '' ? '/app' : `/app/${layout.appPath}`;
}

function inApp(layout: NodeLayout, path: string): string {
  return layout.appPath === '' ? path : `${layout.appPath}/${path}`;
}

// Builds and the start command run in the app's folder, where its package.json is.
function enterApp(layout: NodeLayout): Instruction[] {
  return layout.appPath === '' ? [] : [workdir(appDir(layout))];
}

function describeApp(app: NodeApp): string {
  switch (app.type) {
    case 'next':
      return 'Next.js (standalone server)';
    case 'static':
      return describeStatic(app.framework, app.outputDir, app.routing);
    case 'server':
      if (app.build === 'gcp-buildpacks') return `${app.framework ?? 'Node.js'} server (adapter-auto, built with adapter-node)`;
      return `${app.framework ?? 'Node.js'} server${describeShipped(app.start)}`;
  }
}

function describeShipped(start: NodeStart): string {
  switch (start.type) {
    case 'output':
      return ` (${start.dir}/ shipped alone, with the dependencies it carries)`;
    case 'bundle':
      return ` (${start.dir}/ shipped with the files ${start.entry} requires, traced)`;
    default:
      return '';
  }
}

function describeStatic(framework: StaticFramework, outputDir: string, routing: StaticRouting): string {
  return routing.type === 'single-page'
    ? `${framework} single-page app built to ${outputDir}/, every unknown path answered by ${routing.shell}`
    : `${framework} site built to ${outputDir}/, missing pages answered by ${routing.notFound} with 404`;
}

function describeWorkspace(workspace: NodeWorkspace | null): string {
  if (workspace === null) return '';
  const runner = workspace.taskRunner === null ? '' : ` built by ${workspace.taskRunner === 'turbo' ? 'Turborepo' : 'Nx'}`;
  return `, package ${workspace.app.name} of a workspace${runner}`;
}

function describeManager(manager: PackageManager): string {
  const name = manager.version === null ? manager.name : `${manager.name} ${manager.version.number}`;
  return manager.lockfile === null ? `${name} without a lockfile` : `${name} with ${manager.lockfile}`;
}
