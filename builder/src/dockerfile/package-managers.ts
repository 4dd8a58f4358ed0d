import type { PackageManager } from '../detect/detection.js';
import { run } from './instructions.js';

/** How one package manager is set up, installs and runs scripts inside the Node.js image. */
export interface ManagerCommands {
  /** Instructions for the base stage, shared by the build and the final image. */
  setup: string[];
  install: string[];
  /** Installs dependencies without devDependencies, for the final image. */
  installProduction: string[];
  build: string[];
  /** Where the manager keeps downloads, mounted as a BuildKit cache. */
  cache: string;
}

// The Node.js image ships Corepack, which provides pnpm and yarn (at the version in package.json's
// packageManager field, else its own default). Without the prompt setting it may ask before downloading.
const COREPACK = ['ENV COREPACK_ENABLE_DOWNLOAD_PROMPT=0', run(['corepack', 'enable'])];

export function managerCommands(pm: PackageManager): ManagerCommands {
  const locked = pm.lockfile !== null;
  switch (pm.name) {
    case 'npm':
      return {
        setup: [],
        install: locked ? ['npm', 'ci'] : ['npm', 'install'],
        installProduction: locked ? ['npm', 'ci', '--omit=dev'] : ['npm', 'install', '--omit=dev'],
        build: ['npm', 'run', 'build'],
        cache: '/root/.npm',
      };
    case 'pnpm': {
      const install = ['pnpm', 'install', ...(locked ? ['--frozen-lockfile'] : [])];
      return {
        setup: COREPACK,
        install,
        installProduction: [...install, '--prod'],
        build: ['pnpm', 'run', 'build'],
        cache: '/root/.local/share/pnpm/store',
      };
    }
    case 'yarn':
      return isYarnBerry(pm.version) ? yarnBerry(locked) : yarnClassic(locked);
    case 'bun': {
      // Corepack does not provide bun; npm does, as a package wrapping the binary.
      const install = ['bun', 'install', ...(locked ? ['--frozen-lockfile'] : [])];
      return {
        setup: [run(['npm', 'install', '--global', `bun@${pm.version ?? '1'}`])],
        install,
        installProduction: [...install, '--production'],
        build: ['bun', 'run', 'build'],
        cache: '/root/.bun/install/cache',
      };
    }
  }
}

// Without a packageManager field Corepack runs yarn 1, whatever the lockfile's format.
export function isYarnBerry(version: string | null): boolean {
  return version !== null && Number(version.split('.')[0]) >= 2;
}

function yarnClassic(locked: boolean): ManagerCommands {
  const install = ['yarn', 'install', ...(locked ? ['--frozen-lockfile'] : [])];
  return {
    setup: COREPACK,
    install,
    installProduction: [...install, '--production'],
    build: ['yarn', 'run', 'build'],
    cache: '/usr/local/share/.cache/yarn',
  };
}

function yarnBerry(locked: boolean): ManagerCommands {
  return {
    setup: COREPACK,
    install: ['yarn', 'install', ...(locked ? ['--immutable'] : [])],
    // Yarn 2+ has no --production install; focusing every workspace on production does that.
    installProduction: ['yarn', 'workspaces', 'focus', '--all', '--production'],
    build: ['yarn', 'run', 'build'],
    cache: '/root/.yarn/berry/cache',
  };
}
