import { describe, expect, it } from 'vitest';
import { DetectionError, type NodeDetection } from './detection.js';
import { memoryTree } from './memory-tree.test-support.js';
import { detectNode } from './node.js';
import { parsePackageManagerField } from './package-manager.js';
import { MULTI_PAGE, SINGLE_PAGE } from './static-routing.js';

function node(pkg: object, files: Record<string, string> = {}): NodeDetection {
  const detection = detectNode(memoryTree({ 'package.json': JSON.stringify(pkg), ...files }));
  if (detection === null) throw new Error('expected a Node.js detection');
  return detection;
}

describe('detectNode', () => {
  it('is not a Node.js project without package.json', () => {
    expect(detectNode(memoryTree({ 'index.js': '' }))).toBeNull();
  });

  it('names the file when package.json is not JSON or not an object', () => {
    const broken = memoryTree({ 'package.json': '{ "name": "app", }' });
    expect(() => detectNode(broken)).toThrow(DetectionError);
    expect(() => detectNode(broken)).toThrow(/^package\.json is not valid JSON/);
    expect(() => detectNode(memoryTree({ 'package.json': '[]' }))).toThrow(/package\.json must hold a JSON object/);
  });

  it('records the Node.js major from each place a project names it, and 24 when none does', () => {
    expect(node({ engines: { node: '^22.3' } }).nodeMajor).toBe(22);
    expect(node({}, { '.nvmrc': 'v20.19.0\n' }).nodeMajor).toBe(20);
    expect(node({}, { '.node-version': '22.11.0\n' }).nodeMajor).toBe(22);
    expect(node({}, { '.tool-versions': 'python 3.12\nnodejs 22.1.0\n' }).nodeMajor).toBe(22);
    expect(node({}, { 'mise.toml': '[tools]\nnode = "20"\n' }).nodeMajor).toBe(20);
    expect(node({}, { '.mise.toml': '[tools]\nnode = "22"\n' }).nodeMajor).toBe(22);
    expect(node({ volta: { node: '22.3.0' } }).nodeMajor).toBe(22);
    expect(node({}).nodeMajor).toBe(24);
  });

  it("reads aether.json's node, engines.node, .nvmrc, .node-version, .tool-versions, mise.toml, Volta in that order", () => {
    const sources: Array<[object, Record<string, string>]> = [
      [{}, { 'aether.json': JSON.stringify({ node: '22' }) }],
      [{ engines: { node: '20.x' } }, {}],
      [{}, { '.nvmrc': '22' }],
      [{}, { '.node-version': '20' }],
      [{}, { '.tool-versions': 'nodejs 22.1.0' }],
      [{}, { 'mise.toml': '[tools]\nnode = "20"' }],
      [{ volta: { node: '22.3.0' } }, {}],
    ];
    sources.forEach((_, first) => {
      const later = sources.slice(first);
      const pkg = Object.assign({}, ...later.map(([fields]) => fields)) as object;
      const files = Object.assign({}, ...later.map(([, files]) => files)) as Record<string, string>;
      expect(node(pkg, files).nodeMajor).toBe(first % 2 === 0 ? 22 : 20);
    });
  });

  it('refuses a version no supported major satisfies, naming where the project asked', () => {
    expect(() => node({ engines: { node: '>=26' } })).toThrow(
      'package.json engines.node asks for Node.js ">=26", and Aether builds with Node.js 20, 22, 24',
    );
    expect(() => node({}, { 'aether.json': JSON.stringify({ node: '18' }) })).toThrow(/^aether\.json node asks for Node\.js "18"/);
    expect(() => node({}, { '.tool-versions': 'nodejs 18.20.4' })).toThrow(DetectionError);
    expect(() => node({}, { '.tool-versions': 'nodejs 18.20.4' })).toThrow(/^\.tool-versions asks for Node\.js "18\.20\.4"/);
    expect(() => node({ volta: { node: '18.20.4' } })).toThrow(/^package\.json volta\.node asks for Node\.js "18\.20\.4"/);
  });

  it('records whether there is a build script', () => {
    expect(node({ scripts: { build: 'tsc' } }).buildScript).toBe(true);
    expect(node({ scripts: { start: 'node .' } }).buildScript).toBe(false);
  });
});

describe('package manager', () => {
  it.each([
    ['pnpm-lock.yaml', { name: 'pnpm', version: null, lockfile: 'pnpm-lock.yaml' }],
    ['yarn.lock', { name: 'yarn', version: null, lockfile: 'yarn.lock', release: { line: 'classic' } }],
    ['bun.lockb', { name: 'bun', version: { number: '1.1.45', from: 'lockfile' }, lockfile: 'bun.lockb' }],
    ['bun.lock', { name: 'bun', version: null, lockfile: 'bun.lock' }],
    ['package-lock.json', { name: 'npm', version: null, lockfile: 'package-lock.json' }],
  ])('%s → %o', (lockfile, manager) => {
    expect(node({}, { [lockfile]: '' }).packageManager).toEqual(manager);
  });

  it("takes the release from the lockfile's format when no packageManager field names one", () => {
    const pnpm8 = node({}, { 'pnpm-lock.yaml': "lockfileVersion: '6.0'\n" }).packageManager;
    expect(pnpm8).toEqual({ name: 'pnpm', version: { number: '8.15.9', from: 'lockfile' }, lockfile: 'pnpm-lock.yaml' });
    const berry = node({}, { 'yarn.lock': '__metadata:\n  version: 6\n  cacheKey: 8\n' }).packageManager;
    expect(berry).toEqual({
      name: 'yarn',
      version: { number: '3.8.7', from: 'lockfile' },
      lockfile: 'yarn.lock',
      release: { line: 'berry', plugAndPlay: true },
    });
    const field = node({ packageManager: 'pnpm@9.1.0' }, { 'pnpm-lock.yaml': "lockfileVersion: '6.0'\n" }).packageManager;
    expect(field.version).toEqual({ number: '9.1.0', from: 'packageManager' });
  });

  it('is npm without a lockfile when there is none', () => {
    expect(node({}).packageManager).toEqual({ name: 'npm', version: null, lockfile: null });
  });

  it("is one app when pnpm-workspace.yaml holds pnpm's settings and no packages", () => {
    const app = node({ main: 'server.js' }, { 'pnpm-lock.yaml': "lockfileVersion: '9.0'\n", 'pnpm-workspace.yaml': 'onlyBuiltDependencies:\n  - esbuild\n', 'server.js': '' });
    expect(app).toMatchObject({ packageManager: { name: 'pnpm' }, workspace: null, app: { type: 'server', start: { type: 'file', path: 'server.js' } } });
  });

  it('is pnpm without a lockfile beside a pnpm-workspace.yaml, which only pnpm reads', () => {
    expect(node({ scripts: { start: 'node server.js' } }, { 'pnpm-workspace.yaml': 'packages: []\n' }).packageManager).toEqual({ name: 'pnpm', version: null, lockfile: null });
  });

  it("takes Corepack's packageManager field over the lockfile, with its version", () => {
    expect(node({ packageManager: 'pnpm@9.1.0' }, { 'package-lock.json': '' }).packageManager).toEqual({
      name: 'pnpm',
      version: { number: '9.1.0', from: 'packageManager' },
      lockfile: null,
    });
    expect(node({ packageManager: 'yarn@4.2.2+sha512.abc123' }, { 'yarn.lock': '' }).packageManager).toEqual({
      name: 'yarn',
      version: { number: '4.2.2', from: 'packageManager' },
      lockfile: 'yarn.lock',
      release: { line: 'berry', plugAndPlay: true },
    });
  });

  it('falls back to the lockfile when the field names no manager Aether knows', () => {
    expect(parsePackageManagerField('deno@1.40.0')).toBeNull();
    expect(parsePackageManagerField('pnpm@latest')).toBeNull();
    expect(parsePackageManagerField('pnpm@9.1.0\nRUN evil')).toBeNull();
    expect(node({ packageManager: 'deno@1.40.0' }, { 'yarn.lock': '' }).packageManager.name).toBe('yarn');
  });
});

describe('Yarn release', () => {
  const release = (fields: object, files: Record<string, string> = {}) => {
    const manager = node(fields, { 'yarn.lock': '', ...files }).packageManager;
    return manager.name === 'yarn' ? manager.release : null;
  };

  it('is Yarn 1 unless pinned to 2+ or run from a committed release', () => {
    expect(release({})).toEqual({ line: 'classic' });
    expect(release({ packageManager: 'yarn@1.22.22' })).toEqual({ line: 'classic' });
    expect(release({}, { '.yarnrc.yml': 'yarnPath: .yarn/releases/yarn-4.5.3.cjs\n' })).toEqual({ line: 'berry', plugAndPlay: true });
  });

  it("links by Plug'n'Play unless nodeLinker says node-modules or pnpm", () => {
    const pinned = { packageManager: 'yarn@4.5.3' };
    expect(release(pinned, { '.yarnrc.yml': 'enableTelemetry: false\n' })).toEqual({ line: 'berry', plugAndPlay: true });
    expect(release(pinned, { '.yarnrc.yml': 'nodeLinker: pnp\n' })).toEqual({ line: 'berry', plugAndPlay: true });
    expect(release(pinned, { '.yarnrc.yml': 'nodeLinker: "node-modules"\n' })).toEqual({ line: 'berry', plugAndPlay: false });
    expect(release(pinned, { '.yarnrc.yml': "nodeLinker: 'pnpm'\n" })).toEqual({ line: 'berry', plugAndPlay: false });
  });
});

describe('install files', () => {
  it("finds each manager's settings and patches beside the lockfile", () => {
    const all = { '.npmrc': '', '.yarnrc.yml': '', 'bunfig.toml': '', '.pnpmfile.cjs': '', 'patches/a.patch': '', '.yarn/releases/yarn.cjs': '' };
    expect(node({}, { 'package-lock.json': '', ...all }).installFiles).toEqual({ files: ['.npmrc'], directories: ['patches'], workspaceMembers: [] });
    expect(node({}, { 'pnpm-lock.yaml': '', ...all }).installFiles).toEqual({ files: ['.npmrc', '.pnpmfile.cjs'], directories: ['patches'], workspaceMembers: [] });
    expect(node({}, { 'yarn.lock': '', ...all }).installFiles).toEqual({
      files: ['.npmrc', '.yarnrc.yml'],
      directories: ['patches', '.yarn/releases'],
      workspaceMembers: [],
    });
    expect(node({}, { 'bun.lock': '', ...all }).installFiles).toEqual({ files: ['.npmrc', 'bunfig.toml'], directories: ['patches'], workspaceMembers: [] });
  });

  it('leaves out what .dockerignore keeps out of the build, which COPY could not find', () => {
    const files = { 'package-lock.json': '', '.npmrc': '', 'patches/a.patch': '', '.dockerignore': '.npmrc\n' };
    expect(node({}, files).installFiles).toEqual({ files: [], directories: ['patches'], workspaceMembers: [] });
  });
});

describe('framework', () => {
  it('serves what a build script of an unknown tool writes to dist/ when nothing starts the app and it has a page', () => {
    const parcel = { devDependencies: { parcel: '2' }, scripts: { build: 'parcel build src/index.html' } };
    const page = { 'src/index.html': '<h1>hi</h1>' };
    expect(node(parcel, page).app).toEqual({ type: 'static', framework: 'custom', outputDir: 'dist', routing: SINGLE_PAGE });
    expect(node({ ...parcel, scripts: { ...parcel.scripts, start: 'node server.js' } }, page).app.type).toBe('server');
    expect(node({ ...parcel, main: 'server.js' }, page).app.type).toBe('server');
    // A server framework is a server to build, whatever index.html sits beside it.
    expect(node({ dependencies: { express: '5' } }, { 'index.html': '' }).app).toMatchObject({
      type: 'server',
      framework: 'express',
      start: { type: 'unknown' },
    });
    // A server compiled by tsc with no start script: its output must not become a public site.
    expect(node({ devDependencies: { typescript: '5' }, scripts: { build: 'tsc' } }, { 'src/index.ts': '' }).app).toMatchObject({
      type: 'server',
      framework: null,
      start: { type: 'unknown' },
    });
  });

  it('builds Next.js as a standalone server, or as files when it exports statically', () => {
    expect(node({ dependencies: { next: '15', react: '19' } }).app).toEqual({ type: 'next' });
    const exported = node({ dependencies: { next: '15' } }, { 'next.config.mjs': "export default { output: 'export' };" });
    expect(exported.app).toEqual({ type: 'static', framework: 'next', outputDir: 'out', routing: MULTI_PAGE });
    for (const config of ["module.exports = { output : 'export' }", 'export default {output:"export"}', 'const nextConfig = {\n  output:\t`export`,\n}']) {
      expect(node({ dependencies: { next: '15' } }, { 'next.config.js': config }).app).toEqual({ type: 'static', framework: 'next', outputDir: 'out', routing: MULTI_PAGE });
    }
  });

  it.each([
    [{ devDependencies: { vite: '5' } }, { type: 'static', framework: 'vite', outputDir: 'dist', routing: SINGLE_PAGE }],
    [
      { dependencies: { 'react-scripts': '5' }, scripts: { start: 'react-scripts start' } },
      { type: 'static', framework: 'create-react-app', outputDir: 'build', routing: SINGLE_PAGE },
    ],
    [{ dependencies: { astro: '5' }, devDependencies: { vite: '6' } }, { type: 'static', framework: 'astro', outputDir: 'dist', routing: MULTI_PAGE }],
    [
      { devDependencies: { '@sveltejs/kit': '2', '@sveltejs/adapter-static': '3', vite: '5' } },
      { type: 'static', framework: 'sveltekit', outputDir: 'build', routing: MULTI_PAGE },
    ],
    [{ dependencies: { gatsby: '5', react: '18' } }, { type: 'static', framework: 'gatsby', outputDir: 'public', routing: MULTI_PAGE }],
    [{ dependencies: { '@docusaurus/core': '3', react: '19' } }, { type: 'static', framework: 'docusaurus', outputDir: 'build', routing: MULTI_PAGE }],
  ])('serves static builds as files, single-page apps with their shell for any path, sites with their 404 page: %o', (pkg, app) => {
    expect(node(pkg).app).toEqual(app);
  });

  it("takes a single-page app's public/404.html as the sign that it answers missing pages itself", () => {
    expect(node({ devDependencies: { vite: '6' } }, { 'public/404.html': '' }).app).toMatchObject({ routing: MULTI_PAGE });
    expect(node({ dependencies: { 'react-scripts': '5' } }, { 'public/404.html': '' }).app).toMatchObject({ routing: MULTI_PAGE });
  });

  it("makes SvelteKit's static adapter single-page when it names a fallback page, of a plain file name only", () => {
    const kit = { devDependencies: { '@sveltejs/kit': '2', '@sveltejs/adapter-static': '3' } };
    const routing = (config: string) => node(kit, { 'svelte.config.js': config }).app;
    expect(routing("adapter: adapter({ fallback: '200.html' })")).toMatchObject({ routing: { type: 'single-page', shell: '200.html' } });
    expect(routing("adapter: adapter({ fallback : 'index.html' })")).toMatchObject({ routing: { type: 'single-page', shell: 'index.html' } });
    expect(routing('adapter: adapter({fallback:"200.html"})')).toMatchObject({ routing: { type: 'single-page', shell: '200.html' } });
    expect(routing('adapter: adapter({ pages: "build" })')).toMatchObject({ routing: MULTI_PAGE });
    expect(routing("adapter: adapter({ fallback: '../../etc/passwd' })")).toMatchObject({ routing: MULTI_PAGE });
    expect(routing("adapter: adapter({ fallback: 'x.html\\nENV A=1' })")).toMatchObject({ routing: MULTI_PAGE });
  });

  it.each([
    [{ devDependencies: { '@sveltejs/kit': '2', '@sveltejs/adapter-node': '5', vite: '5' } }, 'sveltekit', 'build/index.js'],
    [{ dependencies: { astro: '4', '@astrojs/node': '8' }, scripts: { start: 'astro dev' } }, 'astro', 'dist/server/entry.mjs'],
  ])('starts SSR frameworks from their server entry: %o', (pkg, framework, path) => {
    expect(node(pkg).app).toEqual({ type: 'server', framework, start: { type: 'file', path } });
  });

  it('serves TanStack Start, never as a Vite SPA: its fetch handler through srvx, or the server Nitro builds', () => {
    const start = { '@tanstack/react-start': '1.169.5', '@tanstack/react-router': '1', vite: '8' };
    expect(node({ dependencies: start, scripts: { build: 'vite build', preview: 'vite preview' } }).app).toEqual({
      type: 'server',
      framework: 'tanstack-start',
      start: { type: 'fetch-handler', entry: 'dist/server/server.js', staticDir: '../client' },
    });
    expect(node({ dependencies: { '@tanstack/solid-start': '1', vite: '7' } }).app).toMatchObject({ framework: 'tanstack-start' });
    const nitro = { type: 'server', framework: 'tanstack-start', start: { type: 'output', dir: '.output', entry: '.output/server/index.mjs' } };
    expect(node({ dependencies: start, devDependencies: { nitro: 'npm:nitro-nightly@latest' } }).app).toEqual(nitro);
    expect(node({ dependencies: { '@tanstack/react-start': '1.120.0', vinxi: '0.5' }, scripts: { start: 'vinxi start' } }).app).toEqual(nitro);
  });

  it.each([
    [{ '@remix-run/node': '2', vite: '5' }, 'remix'],
    [{ '@react-router/serve': '7', vite: '6' }, 'react-router'],
    [{ express: '4' }, 'express'],
    [{ hono: '4' }, 'hono'],
    [{ fastify: '4' }, 'fastify'],
  ])('starts server frameworks with the start script: %o', (dependencies, framework) => {
    expect(node({ dependencies, scripts: { start: 'node server.js' } }).app).toEqual({
      type: 'server',
      framework,
      start: { type: 'script' },
    });
  });

  it('runs any other package with its start script, else its main, else says it does not know', () => {
    const start = (pkg: object) => {
      const { app } = node(pkg);
      return app.type === 'server' ? app.start : app;
    };
    expect(start({ scripts: { start: 'node .' }, main: 'index.js' })).toEqual({ type: 'script' });
    expect(start({ main: 'lib/server.js' })).toEqual({ type: 'file', path: 'lib/server.js' });
    expect(start({ dependencies: { express: '4' } })).toMatchObject({ type: 'unknown' });
    expect(node({ main: 'lib/server.js' }).app).toMatchObject({ type: 'server', framework: null });
  });
});
