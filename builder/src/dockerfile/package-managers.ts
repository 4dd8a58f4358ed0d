import type { ManagerVersion, PackageManager } from '../detect/detection.js';
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

// The Node.js image ships Corepack, which provides pnpm and yarn at the version in package.json's
// packageManager field, else at the release installed as its default here, else the newest.
// Without the prompt setting it may ask before downloading.
function corepack(name: 'pnpm' | 'yarn', version: ManagerVersion | null): Instruction[] {
  return [
    env({ COREPACK_ENABLE_DOWNLOAD_PROMPT: 0 }),
    run(['corepack', 'enable']),
    ...(version?.from === 'lockfile' ? [run(['corepack', 'install', '--global', `${name}@${version.number}`])] : []),
  ];
}

export function managerCommands(pm: PackageManager): ManagerCommands {
  const locked = pm.lockfile !== null;
  switch (pm.name) {
    case 'npm': {
      // npm 6 knows no --omit; it leaves devDependencies out with --production.
      const withoutDev = pm.version !== null && Number.parseInt(pm.version.number, 10) < 7 ? '--production' : '--omit=dev';
      return {
        // Corepack does not provide npm: the image's own npm installs the release asked for.
        setup: pm.version === null ? [] : [run(['npm', 'install', '--global', `npm@${pm.version.number}`])],
        install: locked ? ['npm', 'ci'] : ['npm', 'install'],
        installProduction: locked ? ['npm', 'ci', withoutDev] : ['npm', 'install', withoutDev],
        build: ['npm', 'run', 'build'],
        cache: '/root/.npm',
        leftovers: [],
      };
    }
    case 'pnpm': {
      const install = ['pnpm', 'install', ...(locked ? ['--frozen-lockfile'] : [])];
      return {
        setup: corepack('pnpm', pm.version),
        install,
        installProduction: [...install, '--prod'],
        build: ['pnpm', 'run', 'build'],
        cache: '/root/.local/share/pnpm/store',
        leftovers: [],
      };
    }
    case 'yarn':
      return pm.release.line === 'berry' ? yarnBerry(locked, pm.release.plugAndPlay, pm.version) : yarnClassic(locked, pm.version);
    case 'bun': {
      // Corepack does not provide bun; npm does, as a package wrapping the binary.
      const install = ['bun', 'install', ...(locked ? ['--frozen-lockfile'] : [])];
      return {
        setup: [run(['npm', 'install', '--global', `bun@${pm.version?.number ?? '1'}`])],
        install,
        installProduction: [...install, '--production'],
        build: ['bun', 'run', 'build'],
        cache: '/root/.bun/install/cache',
        leftovers: [],
      };
    }
  }
}

function yarnClassic(locked: boolean, version: ManagerVersion | null): ManagerCommands {
  const install = ['yarn', 'install', ...(locked ? ['--frozen-lockfile'] : [])];
  return {
    setup: corepack('yarn', version),
    install,
    installProduction: [...install, '--production'],
    build: ['yarn', 'run', 'build'],
    cache: '/usr/local/share/.cache/yarn',
    leftovers: [],
  };
}

function yarnBerry(locked: boolean, plugAndPlay: boolean, version: ManagerVersion | null): ManagerCommands {
  const install = ['yarn', 'install', ...(locked ? ['--immutable'] : [])];
  return {
    setup: [
      ...corepack('yarn', version),
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
    install,
    // Yarn 2+ has no --production install; focusing every workspace on production does that.
    installProduction: yarnFocuses(version) ? ['yarn', 'workspaces', 'focus', '--all', '--production'] : install,
    build: ['yarn', 'run', 'build'],
    cache: '/root/.yarn/berry/cache',
    // A project that keeps its cache in the repository (enableGlobalCache: false) has it here.
    leftovers: ['.yarn/cache', '.yarn/install-state.gz'],
  };
}

/**
 * `yarn workspaces focus` ships with Yarn 4 (the newest, when no version is named); Yarn 2 and 3
 * need a plugin fetched from outside the registry, so their final image keeps devDependencies.
 */
export function yarnFocuses(version: ManagerVersion | null): boolean {
  return version === null || Number.parseInt(version.number, 10) >= 4;
}
