import type {
  InstallFiles,
  NodeDetection,
  NodeWorkspace,
  PackageManager,
  PackageName,
  TaskRunner,
  WorkspacePackage,
  WorkspacePath,
} from '../detect/detection.js';
import { comment, copy, env, type Instruction, run, workdir } from './instructions.js';
import type { ManagerCommands } from './package-managers.js';
import { type WorkspaceCommands, workspaceCommands } from './workspace-commands.js';

/**
 * Where a Node.js app sits in the build and what installs and builds it: a project of its own is
 * all of /app; a workspace package is one folder of the workspace copied to /app.
 */
export interface NodeLayout {
  /** The app's folder relative to /app; '' when the project is its own. */
  appPath: WorkspacePath | '';
  /** COPY instructions for the dependency layers: manifests and the lockfile only, so a source change reuses them. */
  manifests: Instruction[];
  install: string[];
  installProduction: string[];
  /** ENV instructions the builds run under. */
  buildEnv: Instruction[];
  /** The builds when the settings name no command: the workspace packages the app needs first, the app last. */
  builds: string[][];
  /** What the install left in the build stage that must not ship: node_modules with devDependencies, caches. */
  buildLeftovers: string[];
  /** What the prod-deps stage does after installing. */
  afterProductionInstall: Instruction[];
  /** The final server stage's files: the app's own, and its production dependencies. */
  serverFiles: Instruction[];
}

export function nodeLayout(detection: NodeDetection, pm: ManagerCommands): NodeLayout {
  return detection.workspace === null
    ? ownLayout(detection, pm)
    : workspaceLayout(detection, detection.workspace, pm);
}

function ownLayout(detection: NodeDetection, pm: ManagerCommands): NodeLayout {
  return {
    appPath: '',
    manifests: installCopies(rootManifests(detection.packageManager), detection.installFiles),
    install: pm.install,
    installProduction: pm.installProduction,
    buildEnv: [],
    builds: detection.buildScript ? [pm.build] : [],
    buildLeftovers: ['node_modules', ...pm.leftovers],
    afterProductionInstall: [
      comment('A project without dependencies has no node_modules, but the final stage copies it.'),
      run(['mkdir', '-p', 'node_modules']),
    ],
    serverFiles: [
      copy(['/app'], './', { from: 'build', chown: 'node:node' }),
      copy(['/app/node_modules'], './node_modules', { from: 'prod-deps', chown: 'node:node' }),
    ],
  };
}

function workspaceLayout(detection: NodeDetection, workspace: NodeWorkspace, pm: ManagerCommands): NodeLayout {
  const commands = workspaceCommands(detection.packageManager, pm, workspace.app.name);
  const shipped = [...workspace.dependencies.map((dependency) => dependency.path), workspace.app.path];
  const built = [...workspace.dependencies.filter((dependency) => dependency.buildScript), ...(detection.buildScript ? [workspace.app] : [])];
  return {
    appPath: workspace.app.path,
    // Every member's manifest, not only the app's: the lockfile describes them all.
    manifests: [
      ...installCopies(rootManifests(detection.packageManager), detection.installFiles),
      ...workspace.members.map((member) => copy([`${member}/package.json`], `${member}/`)),
    ],
    install: commands.install,
    installProduction: commands.installProduction,
    ...workspaceBuilds(workspace, built, commands),
    buildLeftovers: shipped.map((path) => `/app/${path}/node_modules`),
    // The final stage takes all of /app from here.
    afterProductionInstall: pm.leftovers.length === 0 ? [] : [run(['rm', '-rf', ...pm.leftovers])],
    // prod-deps holds the manifests and every node_modules folder the install made, links to the
    // workspace packages included; the packages' built files then come from the build stage.
    serverFiles: [
      copy(['/app'], './', { from: 'prod-deps', chown: 'node:node' }),
      ...shipped.map((path) => copy([`/app/${path}`], `./${path}`, { from: 'build', chown: 'node:node' })),
      workdir(`/app/${workspace.app.path}`),
    ],
  };
}

// A task runner builds the app and, as its pipeline says, what the app's build depends on. It runs
// from the root's node_modules, at the version the lockfile pins, in the app's folder.
const TASK_RUNNERS: Record<TaskRunner, { env: Instruction; build(app: PackageName): string[] }> = {
  // Without these it reports usage from every build and looks for a newer version of itself.
  turbo: {
    env: env({ TURBO_TELEMETRY_DISABLED: 1, TURBO_NO_UPDATE_NOTIFIER: 1 }),
    build: (app) => ['/app/node_modules/.bin/turbo', 'run', 'build', `--filter=${app}`],
  },
  // A daemon outlives nothing in a build step, and the terminal UI is noise in a log. Nx names the
  // project from the folder it runs in, whatever project.json calls it.
  nx: { env: env({ NX_DAEMON: 'false', NX_TUI: 'false' }), build: () => ['/app/node_modules/.bin/nx', 'build'] },
};

function workspaceBuilds(
  workspace: NodeWorkspace,
  built: readonly WorkspacePackage[],
  commands: WorkspaceCommands,
): Pick<NodeLayout, 'buildEnv' | 'builds'> {
  if (workspace.taskRunner === null || built.length === 0) return { buildEnv: [], builds: built.map((pkg) => commands.build(pkg.name)) };
  const runner = TASK_RUNNERS[workspace.taskRunner];
  return { buildEnv: [runner.env], builds: [runner.build(workspace.app.name)] };
}

function rootManifests(manager: PackageManager): string[] {
  return ['package.json', ...(manager.lockfile === null ? [] : [manager.lockfile])];
}

// A folder's COPY names its destination: COPY puts a source folder's contents, not the folder, there.
function installCopies(manifests: readonly string[], install: InstallFiles): Instruction[] {
  return [
    copy([...manifests, ...install.files], './'),
    ...install.directories.map((dir) => copy([dir], `./${dir}/`)),
    ...install.workspaceMembers.map((member) => copy([`${member}/package.json`], `${member}/`)),
  ];
}
