import { describe, expect, it } from 'vitest';
import type { PackageManager } from '../detect/detection.js';
import { renderInstruction } from './instructions.js';
import { managerCommands } from './package-managers.js';

// The setup as the Dockerfile's lines, the rest as data.
const commands = (pm: PackageManager) => {
  const { setup, ...rest } = managerCommands(pm);
  return { setup: setup.map(renderInstruction), ...rest };
};
const COREPACK = ['ENV COREPACK_ENABLE_DOWNLOAD_PROMPT=0', 'RUN ["corepack","enable"]'];
const field = (number: string) => ({ number, from: 'packageManager' as const });
const lockfile = (number: string) => ({ number, from: 'lockfile' as const });

describe('managerCommands', () => {
  it('installs with npm ci from a lockfile, else npm install, leaving devDependencies out of production', () => {
    const npm = { setup: [], build: ['npm', 'run', 'build'], cache: '/root/.npm', leftovers: [] };
    expect(commands({ name: 'npm', version: null, lockfile: 'package-lock.json' })).toEqual({ ...npm, install: ['npm', 'ci'], installProduction: ['npm', 'ci', '--omit=dev'] });
    expect(commands({ name: 'npm', version: null, lockfile: null })).toEqual({ ...npm, install: ['npm', 'install'], installProduction: ['npm', 'install', '--omit=dev'] });
  });

  it('installs the npm release asked for over the image\'s own, npm 6 leaving devDependencies out its own way', () => {
    expect(commands({ name: 'npm', version: lockfile('6.14.18'), lockfile: 'package-lock.json' })).toMatchObject({
      setup: ['RUN ["npm","install","--global","npm@6.14.18"]'],
      install: ['npm', 'ci'],
      installProduction: ['npm', 'ci', '--production'],
    });
    expect(commands({ name: 'npm', version: field('7.0.3'), lockfile: 'package-lock.json' })).toMatchObject({ installProduction: ['npm', 'ci', '--omit=dev'] });
    expect(commands({ name: 'npm', version: field('10.9.2'), lockfile: 'package-lock.json' })).toMatchObject({
      setup: ['RUN ["npm","install","--global","npm@10.9.2"]'],
      installProduction: ['npm', 'ci', '--omit=dev'],
    });
  });

  it('runs pnpm through Corepack', () => {
    expect(commands({ name: 'pnpm', version: field('9.15.9'), lockfile: 'pnpm-lock.yaml' })).toEqual({
      setup: COREPACK,
      install: ['pnpm', 'install', '--frozen-lockfile'],
      installProduction: ['pnpm', 'install', '--frozen-lockfile', '--prod'],
      build: ['pnpm', 'run', 'build'],
      cache: '/root/.local/share/pnpm/store',
      leftovers: [],
    });
  });

  it('makes the release a lockfile asks for Corepack\'s default, and leaves the packageManager field to Corepack', () => {
    const pnpm8 = [...COREPACK, 'RUN ["corepack","install","--global","pnpm@8.15.9"]'];
    expect(commands({ name: 'pnpm', version: lockfile('8.15.9'), lockfile: 'pnpm-lock.yaml' }).setup).toEqual(pnpm8);
    expect(commands({ name: 'pnpm', version: field('8.15.9'), lockfile: 'pnpm-lock.yaml' }).setup).toEqual(COREPACK);
    expect(commands({ name: 'yarn', version: lockfile('1.22.22'), lockfile: 'yarn.lock', release: { line: 'classic' } }).setup).toEqual([
      ...COREPACK,
      'RUN ["corepack","install","--global","yarn@1.22.22"]',
    ]);
    expect(commands({ name: 'yarn', version: lockfile('3.8.7'), lockfile: 'yarn.lock', release: { line: 'berry', plugAndPlay: false } }).setup).toEqual([
      ...COREPACK,
      'RUN ["corepack","install","--global","yarn@3.8.7"]',
      'ENV YARN_ENABLE_TELEMETRY=0',
    ]);
  });

  it('installs bun from npm at the version asked for, else the current major', () => {
    const bun = {
      install: ['bun', 'install', '--frozen-lockfile'],
      installProduction: ['bun', 'install', '--frozen-lockfile', '--production'],
      build: ['bun', 'run', 'build'],
      cache: '/root/.bun/install/cache',
      leftovers: [],
    };
    expect(commands({ name: 'bun', version: null, lockfile: 'bun.lock' })).toEqual({ setup: ['RUN ["npm","install","--global","bun@1"]'], ...bun });
    expect(commands({ name: 'bun', version: lockfile('1.1.45'), lockfile: 'bun.lockb' }).setup).toEqual(['RUN ["npm","install","--global","bun@1.1.45"]']);
    expect(commands({ name: 'bun', version: field('1.2.3'), lockfile: 'bun.lock' })).toEqual({ setup: ['RUN ["npm","install","--global","bun@1.2.3"]'], ...bun });
  });

  it('runs Yarn 1 through Corepack', () => {
    expect(commands({ name: 'yarn', version: null, lockfile: 'yarn.lock', release: { line: 'classic' } })).toEqual({
      setup: COREPACK,
      install: ['yarn', 'install', '--frozen-lockfile'],
      installProduction: ['yarn', 'install', '--frozen-lockfile', '--production'],
      build: ['yarn', 'run', 'build'],
      cache: '/usr/local/share/.cache/yarn',
      leftovers: [],
    });
  });

  it('keeps devDependencies in the final image under Yarn 2 and 3, which have no workspaces focus built in', () => {
    for (const version of [lockfile('3.8.7'), field('2.4.3')]) {
      expect(commands({ name: 'yarn', version, lockfile: 'yarn.lock', release: { line: 'berry', plugAndPlay: false } }).installProduction).toEqual([
        'yarn',
        'install',
        '--immutable',
      ]);
    }
    expect(commands({ name: 'yarn', version: lockfile('4.18.1'), lockfile: 'yarn.lock', release: { line: 'berry', plugAndPlay: false } }).installProduction).toEqual([
      'yarn',
      'workspaces',
      'focus',
      '--all',
      '--production',
    ]);
  });

  it('runs Yarn 2+ without telemetry, as node_modules in place of Plug\'n\'Play, and removes its in-repository cache', () => {
    const berry = {
      install: ['yarn', 'install', '--immutable'],
      installProduction: ['yarn', 'workspaces', 'focus', '--all', '--production'],
      build: ['yarn', 'run', 'build'],
      cache: '/root/.yarn/berry/cache',
      leftovers: ['.yarn/cache', '.yarn/install-state.gz'],
    };
    expect(commands({ name: 'yarn', version: field('4.5.0'), lockfile: 'yarn.lock', release: { line: 'berry', plugAndPlay: true } })).toEqual({
      setup: [
        ...COREPACK,
        'ENV YARN_ENABLE_TELEMETRY=0',
        "# Plug'n'Play installs as node_modules here: the image starts the app with plain node, and",
        "# Next.js traces the server's files through node_modules.",
        'ENV YARN_NODE_LINKER=node-modules',
      ],
      ...berry,
    });
    expect(commands({ name: 'yarn', version: field('4.5.0'), lockfile: 'yarn.lock', release: { line: 'berry', plugAndPlay: false } })).toEqual({
      setup: [...COREPACK, 'ENV YARN_ENABLE_TELEMETRY=0'],
      ...berry,
    });
  });
});
