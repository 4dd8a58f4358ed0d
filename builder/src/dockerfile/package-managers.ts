import type { PackageManager } from '../detect/detection.js';
import { comment, env, type Instruction, run } from './instructions.js';

/** How one package manager is set up, installs and runs scripts inside the Node.js image. */
export interface ManagerCommands {
  /** Instructions for the base stage, shared by the build and the final image. */
  setup: Instruction[];
  install: string[];
  /** Installs dependencies without devDependencies, for the final image. */
  installProduction: string[];
  build: string[];
  /** Where the manager keeps downloads, mounted as a BuildKit cache. */
  cache: string;
  /** What an install leaves in /app besides node_modules that must not ship: caches and state. */
  leftovers: string[];
}

// The Node.js image ships Corepack, which provides pnpm and yarn (at the version in package.json's
// packageManager field, else its own default). Without the prompt setting it may ask before downloading.
const COREPACK = [env({ COREPACK_ENABLE_DOWNLOAD_PROMPT: 0 }), run(['corepack', 'enable'])];

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
        leftovers: [],
      };
    case 'pnpm': {
      const install = ['pnpm', 'install', ...(locked ? ['--frozen-lockfile'] : [])];
      return {
        setup: COREPACK,
        install,
        installProduction: [...install, '--prod'],
        build: ['pnpm', 'run', 'build'],
        cache: '/root/.local/share/pnpm/store',
        leftovers: [],
      };
    }
    case 'yarn':
      return pm.release.line === 'berry' ? yarnBerry(locked, pm.release.plugAndPlay) : yarnClassic(locked);
    case 'bun': {
      // Corepack does not provide bun; npm does, as a package wrapping the binary.
      const install = ['bun', 'install', ...(locked ? ['--frozen-lockfile'] : [])];
      return {
        setup: [run(['npm', 'install', '--global', `bun@${pm.version ?? '1'}`])],
        install,
        installProduction: [...install, '--production'],
        build: ['bun', 'run', 'build'],
        cache: '/root/.bun/install/cache',
        leftovers: [],
      };
    }
  }
}

function yarnClassic(locked: boolean): ManagerCommands {
  const install = ['yarn', 'install', ...(locked ? ['--frozen-lockfile'] : [])];
  return {
    setup: COREPACK,
    install,
    installProduction: [...install, '--production'],
    build: ['yarn', 'run', 'build'],
    cache: '/usr/local/share/.cache/yarn',
    leftovers: [],
  };
}

function yarnBerry(locked: boolean, plugAndPlay: boolean): ManagerCommands {
  return {
    setup: [
      ...COREPACK,
      // Yarn 2+ would otherwise report usage from every build.
      env({ YARN_ENABLE_TELEMETRY: 0 }),
      ...(plugAndPlay
        ? [
            comment("Plug'n'Play installs as node_modules here: the image starts the app with plain node, and"),
            comment("Next.js traces the server's files through node_modules."),
            env({ YARN_NODE_LINKER: 'node-modules' }),
          ]
        : []),
    ],
    install: ['yarn', 'install', ...(locked ? ['--immutable'] : [])],
    // Yarn 2+ has no --production install; focusing every workspace on production does that.
    installProduction: ['yarn', 'workspaces', 'focus', '--all', '--production'],
    build: ['yarn', 'run', 'build'],
    cache: '/root/.yarn/berry/cache',
    // A project that keeps its cache in the repository (enableGlobalCache: false) has it here.
    leftovers: ['.yarn/cache', '.yarn/install-state.gz'],
  };
}
