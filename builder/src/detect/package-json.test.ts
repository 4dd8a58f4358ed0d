import { describe, expect, it } from 'vitest';
import { DetectionError } from './detection.js';
import { parsePackageJson } from './package-json.js';

describe('parsePackageJson', () => {
  it('reads the fields detection uses, trimmed', () => {
    const text = JSON.stringify({
      name: ' web ',
      dependencies: { express: '5' },
      devDependencies: { typescript: '5' },
      scripts: { build: 'tsc', start: 'node .' },
      main: 'dist/index.js',
      packageManager: 'pnpm@9.15.9',
      engines: { node: '>=20' },
      volta: { node: ' 22.3.0 ' },
      workspaces: ['apps/*'],
    });
    expect(parsePackageJson(text)).toEqual({
      name: 'web',
      dependencies: new Set(['express', 'typescript']),
      scripts: new Set(['build', 'start']),
      main: 'dist/index.js',
      packageManager: 'pnpm@9.15.9',
      enginesNode: '>=20',
      voltaNode: '22.3.0',
      workspaces: ['apps/*'],
    });
  });

  it('treats absent, blank and wrongly typed fields as absent', () => {
    const text = JSON.stringify({
      name: '  ',
      dependencies: 'express',
      devDependencies: ['typescript'],
      main: 5,
      engines: 'node 20',
      volta: { node: 22 },
      workspaces: { packages: ['apps/*', 3, null] },
    });
    expect(parsePackageJson(text)).toEqual({
      name: null,
      dependencies: new Set(),
      scripts: new Set(),
      main: null,
      packageManager: null,
      enginesNode: null,
      voltaNode: null,
      workspaces: ['apps/*'],
    });
    expect(parsePackageJson('{"workspaces": "apps/*"}').workspaces).toBeNull();
    expect(parsePackageJson('{"engines": null, "volta": null, "scripts": null}')).toMatchObject({ enginesNode: null, voltaNode: null, scripts: new Set() });
  });

  it('refuses what is not a JSON object, naming the file', () => {
    expect(() => parsePackageJson('{')).toThrow(DetectionError);
    expect(() => parsePackageJson('{')).toThrow(/^package\.json is not valid JSON: /);
    expect(() => parsePackageJson('"web"', 'apps/web/package.json')).toThrow('apps/web/package.json must hold a JSON object');
    expect(() => parsePackageJson('["web"]')).toThrow('package.json must hold a JSON object');
    expect(() => parsePackageJson('null')).toThrow('package.json must hold a JSON object');
  });
});
