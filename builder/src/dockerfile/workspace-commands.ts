import type { PackageManager, PackageName } from '../detect/detection.js';
import { type ManagerCommands, yarnFocuses } from './package-managers.js';

/** How a package manager installs and builds one package of a workspace, from the workspace root. */
export interface WorkspaceCommands {
  install: string[];
  installProduction: string[];
  /** Runs one workspace package's build script. */
  build(name: PackageName): string[];
}

// Each install is limited to the app and the workspace packages it depends on where the manager
// can do that; yarn 1 and bun install the whole workspace.
export function workspaceCommands(pm: PackageManager, base: ManagerCommands, app: PackageName): WorkspaceCommands {
  switch (pm.name) {
    case 'npm':
      return {
        // The root's own devDependencies are the workspace's shared build tools.
        install: [...base.install, '--workspace', app, '--include-workspace-root'],
        installProduction: [...base.installProduction, '--workspace', app],
        build: (name) => ['npm', 'run', 'build', '--workspace', name],
      };
    case 'pnpm':
      return {
        install: [...base.install, '--filter', `${app}...`],
        installProduction: [...base.installProduction, '--filter', `${app}...`],
        build: (name) => ['pnpm', '--filter', name, 'run', 'build'],
      };
    case 'yarn':
      return {
        install: base.install,
        installProduction:
          pm.release.line === 'berry' && yarnFocuses(pm.version) ? ['yarn', 'workspaces', 'focus', app, '--production'] : base.installProduction,
        build: (name) => ['yarn', 'workspace', name, 'run', 'build'],
      };
    case 'bun':
      return {
        install: base.install,
        installProduction: base.installProduction,
        build: (name) => ['bun', 'run', '--filter', name, 'build'],
      };
  }
}
