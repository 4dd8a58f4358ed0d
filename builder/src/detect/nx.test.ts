import { describe, expect, it } from 'vitest';
import { memoryTree } from './memory-tree.test-support.js';
import { detectNode } from './node.js';
import { hasNxBuild, nxServerEntry } from './nx.js';

// An Nx app's webpack config is a file of the repository, and so as hostile as any: what Aether
// runs is a plain relative path inside the project, or nothing.

/** webpack.config.js as create-nx-workspace's Express preset writes it, with `output` changed. */
const webpackConfig = (output = "path: join(__dirname, 'dist')", plugin = "target: 'node', compiler: 'tsc', main: './src/main.ts'") =>
  `const { NxAppWebpackPlugin } = require('@nx/webpack/app-plugin');\nconst { join } = require('path');\n` +
  `module.exports = { output: { ${output}, clean: true }, plugins: [new NxAppWebpackPlugin({ ${plugin}, outputHashing: 'none' })] };\n`;

const entry = (config: string) => nxServerEntry(memoryTree({ 'webpack.config.js': config }));

describe("an Nx app's server", () => {
  it('is main.js in the output path of its webpack config, or the file it names', () => {
    expect(entry(webpackConfig())).toEqual({ type: 'bundle', dir: 'dist', entry: 'dist/main.js' });
    expect(entry(webpackConfig("path: path.resolve(__dirname, './build/server')"))).toEqual({ type: 'bundle', dir: 'build/server', entry: 'build/server/main.js' });
    expect(entry(webpackConfig(undefined, "target: 'node', outputFileName: 'server.js'"))).toEqual({ type: 'bundle', dir: 'dist', entry: 'dist/server.js' });
    expect(entry(webpackConfig("clean: false"))).toEqual({ type: 'bundle', dir: 'dist', entry: 'dist/main.js' });
  });

  it('is nothing for a browser build, a webpack config without Nx, or a path out of the project not plainly named, or not in a folder of its own', () => {
    expect(entry(webpackConfig(undefined, "target: 'web'"))).toBeNull();
    expect(entry("module.exports = { target: 'node', output: { path: __dirname + '/dist' } };")).toBeNull();
    expect(entry(webpackConfig("path: join(__dirname, '../../etc')"))).toBeNull();
    expect(entry(webpackConfig("path: join(__dirname, '/tmp')"))).toBeNull();
    expect(entry(webpackConfig("path: join(__dirname, 'dist; rm -rf /')"))).toBeNull();
    expect(entry(webpackConfig(undefined, "target: 'node', outputFileName: '$(id).js'"))).toBeNull();
    expect(entry(webpackConfig("path: join(__dirname, '.')"))).toBeNull();
  });

  it('is built by a target Nx infers from the webpack config or one project.json declares', () => {
    expect(hasNxBuild(memoryTree({ 'webpack.config.js': webpackConfig() }))).toBe(true);
    expect(hasNxBuild(memoryTree({ 'project.json': JSON.stringify({ targets: { build: { executor: '@nx/esbuild:esbuild' } } }) }))).toBe(true);
    expect(hasNxBuild(memoryTree({ 'project.json': JSON.stringify({ targets: { serve: {} } }) }))).toBe(false);
    expect(hasNxBuild(memoryTree({ 'project.json': 'not json' }))).toBe(false);
  });
});

describe('an Nx workspace deployed from its root', () => {
  const workspace = (root: Record<string, unknown>, extra: Record<string, string> = {}) =>
    memoryTree({
      'package.json': JSON.stringify({ name: '@shop/source', private: true, workspaces: ['apps/*'], devDependencies: { nx: '23.2.1' }, ...root }),
      'package-lock.json': '{}',
      'nx.json': '{}',
      'apps/api/package.json': JSON.stringify({ name: '@shop/api', dependencies: { express: '^5.1.0' } }),
      'apps/api/webpack.config.js': webpackConfig(),
      'apps/api-e2e/package.json': JSON.stringify({ name: '@shop/api-e2e' }),
      ...extra,
    });

  it('stands for its one app, though the root lists the dependencies of every app', () => {
    const detection = detectNode(workspace({ dependencies: { express: '^5.1.0' } }));
    expect(detection).toMatchObject({ buildScript: true, app: { framework: 'express', start: { type: 'bundle', dir: 'dist', entry: 'dist/main.js' } }, workspace: { app: { path: 'apps/api' } } });
  });

  it('runs as a whole when its root says how it starts', () => {
    const detection = detectNode(workspace({ dependencies: { express: '^5.1.0' }, scripts: { start: 'node server.js' } }));
    expect(detection).toMatchObject({ app: { framework: 'express', start: { type: 'script' } }, workspace: null });
  });

  it('runs a root with an express dependency and no start as it did when it is no Nx workspace', () => {
    const tree = memoryTree({
      'package.json': JSON.stringify({ workspaces: ['packages/*'], dependencies: { express: '^5.1.0' } }),
      'package-lock.json': '{}',
      'packages/greeting/package.json': JSON.stringify({ name: 'greeting' }),
    });
    expect(detectNode(tree)).toMatchObject({ app: { framework: 'express', start: { type: 'unknown' } }, workspace: null });
  });
});
