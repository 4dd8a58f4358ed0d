import { describe, expect, it } from 'vitest';
import { detected, finalStage, IMAGES } from '../dockerfile/dockerfile-stages.test-support.js';
import { generateDockerfile } from '../dockerfile/index.js';
import { memoryTree } from './memory-tree.test-support.js';
import { detectNodeApp } from './node-app.js';
import { parsePackageJson } from './package-json.js';

// Where `nest build` writes the default project, read from nest-cli.json, a file of the repository
// and so as hostile as any: what Aether runs is the app's compiled main or nothing.

const NEST = { type: 'module', dependencies: { '@nestjs/core': '^12.0.1' }, scripts: { build: 'nest build', start: 'nest start' } };

const start = (files: Record<string, string>) => {
  const app = detectNodeApp(memoryTree({ 'package.json': JSON.stringify(NEST), ...files }), parsePackageJson(JSON.stringify(NEST)));
  return app.type === 'server' ? app.start : app;
};

/** nest-cli.json as `nest generate app admin` leaves a project named shop. */
const monorepo = (changes: Record<string, unknown> = {}) =>
  JSON.stringify({
    collection: '@nestjs/schematics',
    sourceRoot: 'apps/shop/src',
    compilerOptions: { deleteOutDir: true, builder: 'rspack', tsConfigPath: 'apps/shop/tsconfig.app.json' },
    monorepo: true,
    root: 'apps/shop',
    projects: {
      admin: { type: 'application', root: 'apps/admin', entryFile: 'main', sourceRoot: 'apps/admin/src' },
      shop: { type: 'application', root: 'apps/shop', entryFile: 'main', sourceRoot: 'apps/shop/src' },
    },
    ...changes,
  });

const file = (path: string) => ({ type: 'file', path });

describe('NestJS in the CLI’s monorepo mode', () => {
  it("runs the default app's bundle, dist/<root>/main.js, never the standard dist/main.js", () => {
    expect(start({ 'nest-cli.json': monorepo() })).toEqual(file('dist/apps/shop/main.js'));
  });

  it('finds the bundle wherever the bundler is named: rspack or webpack, as a name, { type }, or the older webpack flag', () => {
    for (const compilerOptions of [{ builder: 'webpack' }, { builder: { type: 'rspack', options: {} } }, { webpack: true, tsConfigPath: 'apps/shop/tsconfig.app.json' }]) {
      expect(start({ 'nest-cli.json': monorepo({ compilerOptions }) })).toEqual(file('dist/apps/shop/main.js'));
    }
    expect(start({ '.nest-cli.json': monorepo() })).toEqual(file('dist/apps/shop/main.js'));
  });

  it('takes the top-level entryFile and root, which the bundle is named after, and not the projects’ own', () => {
    expect(start({ 'nest-cli.json': monorepo({ entryFile: 'server' }) })).toEqual(file('dist/apps/shop/server.js'));
    expect(start({ 'nest-cli.json': monorepo({ root: './apps/shop/' }) })).toEqual(file('dist/apps/shop/main.js'));
    // With no root, the bundle is dist/<entryFile>.js, as in a standard project bundled.
    expect(start({ 'nest-cli.json': monorepo({ root: undefined }) })).toEqual(file('dist/main.js'));
    expect(start({ 'nest-cli.json': JSON.stringify({ compilerOptions: { webpack: true } }) })).toEqual(file('dist/main.js'));
  });

  it('keeps dist/main.js for a standard project, with or without nest-cli.json', () => {
    expect(start({ 'nest-cli.json': JSON.stringify({ collection: '@nestjs/schematics', sourceRoot: 'src', compilerOptions: { deleteOutDir: true } }) })).toEqual(
      file('dist/main.js'),
    );
    expect(start({})).toEqual(file('dist/main.js'));
  });

  it("asks for the start command when the monorepo builds with tsc or swc, whose output follows the app's tsconfig", () => {
    for (const builder of ['tsc', 'swc', { type: 'swc' }]) {
      expect(start({ 'nest-cli.json': monorepo({ compilerOptions: { builder } }) })).toEqual({
        type: 'unknown',
        found: "nest-cli.json builds the monorepo's default app with tsc or swc, whose output path follows the app's tsconfig; set the start command to run its main.js",
      });
    }
  });
});

describe('a hostile nest-cli.json', () => {
  const refusal = (text: string) => start({ 'nest-cli.json': text });

  it('asks for the start command when the file is no JSON object, as nest build refuses it too', () => {
    for (const text of ['{ "monorepo": true, ', 'null', '[]', '"apps/shop"']) {
      expect(refusal(text)).toEqual({ type: 'unknown', found: 'nest-cli.json is not a JSON object, which nest build refuses too' });
    }
  });

  it('never runs a path above the app: a root with .. is refused', () => {
    for (const root of ['..', '../../etc', 'apps/../..', 'apps/shop/../../../x']) {
      expect(refusal(monorepo({ root }))).toEqual({ type: 'unknown', found: `nest-cli.json's root ${JSON.stringify(root)} is not a relative path of plain folder names` });
    }
  });

  it('refuses an absolute root', () => {
    for (const root of ['/etc', '/', '//srv/app', 'C:/apps']) {
      expect(refusal(monorepo({ root }))).toMatchObject({ type: 'unknown', found: expect.stringContaining(`root ${JSON.stringify(root)} is not`) });
    }
  });

  it('refuses a root with characters a shell or Dockerfile would read, so none reaches the start command', () => {
    for (const root of ['apps/$(id)', 'apps/a b', 'apps/"x', 'apps/x\ny', 'apps\\x', 'apps/`id`', 'apps/x;rm']) {
      expect(refusal(monorepo({ root }))).toMatchObject({ type: 'unknown', found: expect.stringContaining("nest-cli.json's root") });
    }
  });

  it('refuses a root or entryFile that is not a string, and an empty or escaping entryFile', () => {
    for (const root of [5, null, true, ['apps/shop'], { path: 'apps/shop' }]) {
      expect(refusal(monorepo({ root }))).toEqual({ type: 'unknown', found: `nest-cli.json's root ${JSON.stringify(root)} is not a relative path of plain folder names` });
    }
    for (const entryFile of [1, '', '../../main', '/main', 'main; id']) {
      expect(refusal(monorepo({ entryFile }))).toEqual({ type: 'unknown', found: `nest-cli.json's entryFile ${JSON.stringify(entryFile)} is not a relative path of plain names` });
    }
  });

  it('builds nothing with a refused nest-cli.json unless the user names the start command, which then runs', () => {
    const project = { 'package.json': JSON.stringify(NEST), 'package-lock.json': '{}', 'nest-cli.json': monorepo({ root: '../../etc' }) };
    expect(() => generateDockerfile(detected(project), IMAGES, {})).toThrow(
      `startCommand is required: nest-cli.json's root "../../etc" is not a relative path of plain folder names`,
    );
    const chosen = generateDockerfile(detected(project), IMAGES, { startCommand: 'node dist/apps/shop/main.js' });
    expect(finalStage(chosen.dockerfile).lines).toContain('CMD ["sh","-c","node dist/apps/shop/main.js"]');
  });
});
