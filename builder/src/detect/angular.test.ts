import { describe, expect, it } from 'vitest';
import { detectAngular } from './angular.js';
import { DetectionError } from './detection.js';
import { memoryTree } from './memory-tree.test-support.js';
import { parsePackageJson } from './package-json.js';
import { SINGLE_PAGE } from './static-routing.js';

const ANGULAR_PKG = { dependencies: { '@angular/core': '^22.2.0' }, devDependencies: { '@angular/build': '^22.2.7' } };

// angular.json as `ng new` writes it, with the build options given.
function workspace(options: object, name = 'shop', builder = '@angular/build:application'): string {
  return JSON.stringify({
    version: 1,
    projects: { [name]: { projectType: 'application', root: '', architect: { build: { builder, options: { browser: 'src/main.ts', ...options } } } } },
  });
}

const angular = (angularJson: string | undefined, pkg: object = ANGULAR_PKG) =>
  detectAngular(memoryTree({ 'package.json': '{}', ...(angularJson === undefined ? {} : { 'angular.json': angularJson }) }), parsePackageJson(JSON.stringify(pkg)));

describe('Angular CLI apps', () => {
  it("serves an app's browser build from dist/<project>/browser as a single-page app", () => {
    expect(angular(workspace({}))).toEqual({ type: 'static', framework: 'angular', outputDir: 'dist/shop/browser', routing: SINGLE_PAGE });
  });

  it('runs the server the build writes when the app renders on the server, never ng serve', () => {
    const server = { type: 'server', framework: 'angular', start: { type: 'file', path: 'dist/shop/server/server.mjs' } };
    expect(angular(workspace({ server: 'src/main.server.ts', outputMode: 'server', ssr: { entry: 'src/server.ts' } }))).toEqual(server);
    // Angular 17 and 18, before outputMode: a server entry and ssr options.
    expect(angular(workspace({ server: 'src/main.server.ts', ssr: { entry: 'server.ts' } }))).toEqual(server);
    // outputMode static prerenders pages and writes no server to run.
    expect(angular(workspace({ server: 'src/main.server.ts', outputMode: 'static', ssr: { entry: 'src/server.ts' } }))).toMatchObject({
      type: 'static',
      outputDir: 'dist/shop/browser',
    });
  });

  it('renders on the server before outputMode only with both a server entry and ssr not turned off', () => {
    const server = { type: 'server', framework: 'angular', start: { type: 'file', path: 'dist/shop/server/server.mjs' } };
    expect(angular(workspace({ server: 'src/main.server.ts', ssr: true }))).toEqual(server);
    for (const options of [{ server: 'src/main.server.ts' }, { ssr: { entry: 'server.ts' } }, { server: 'src/main.server.ts', ssr: false }]) {
      expect(angular(workspace(options))).toMatchObject({ type: 'static', outputDir: 'dist/shop/browser' });
    }
  });

  it("takes the output path angular.json sets, as a string or { base, browser }, and the older builders' flat output", () => {
    expect(angular(workspace({ outputPath: 'build/web' }))).toMatchObject({ outputDir: 'build/web/browser' });
    expect(angular(workspace({ outputPath: { base: 'out', browser: '' } }))).toMatchObject({ outputDir: 'out' });
    expect(angular(workspace({ outputPath: { base: 'out', browser: 'public' } }))).toMatchObject({ outputDir: 'out/public' });
    expect(angular(workspace({ outputPath: 'dist/shop' }, 'shop', '@angular-devkit/build-angular:browser'))).toMatchObject({ outputDir: 'dist/shop' });
  });

  it('reads an output path written with a leading ./ or trailing slashes as the same folder, and keeps dots inside names', () => {
    expect(angular(workspace({ outputPath: './dist/web//' }))).toMatchObject({ outputDir: 'dist/web/browser' });
    expect(angular(workspace({ outputPath: 'build./web' }))).toMatchObject({ outputDir: 'build./web/browser' });
  });

  it("deploys a workspace's only application wherever its root is, or among several the one at the workspace's root", () => {
    const app = (root: string) => ({ projectType: 'application', root, architect: { build: { builder: '@angular/build:application' } } });
    expect(angular(JSON.stringify({ projects: { shop: app('projects/shop') } }))).toMatchObject({ outputDir: 'dist/shop/browser' });
    expect(angular(JSON.stringify({ projects: { admin: app('projects/admin'), shop: app('') } }))).toMatchObject({ outputDir: 'dist/shop/browser' });
  });

  it('is not Angular without @angular/core and angular.json', () => {
    expect(angular(workspace({}), { dependencies: { express: '5' } })).toBeNull();
    expect(angular(undefined)).toBeNull();
  });

  it('refuses output paths and project names that leave the build folder or are no plain names', () => {
    for (const outputPath of ['../../etc', '/etc', 'dist/../..', { base: 'dist', browser: '../x' }, 'dist/a b']) {
      expect(() => angular(workspace({ outputPath }))).toThrow(/output path .* must be a relative path of plain folder names/);
    }
    expect(() => angular(workspace({}, '../shop'))).toThrow(/project name "..\/shop" is not a plain folder name/);
  });

  it('says what it found when it cannot tell which application to deploy, or how its builder writes output', () => {
    const two = JSON.stringify({
      projects: {
        shop: { projectType: 'application', root: 'projects/shop', architect: { build: { builder: '@angular/build:application' } } },
        admin: { projectType: 'application', root: 'projects/admin', architect: { build: { builder: '@angular/build:application' } } },
        ui: { projectType: 'library', root: 'projects/ui' },
      },
    });
    expect(() => angular(two)).toThrow('angular.json has no single application with a build target to deploy (applications: shop, admin)');
    expect(() => angular(workspace({}, 'shop', '@nx/webpack:webpack'))).toThrow(/builds shop with @nx\/webpack:webpack, whose output Aether does not know/);
    expect(() => angular('{ nope')).toThrow(DetectionError);
    for (const text of ['{ nope', 'null', '[]']) expect(() => angular(text)).toThrow('angular.json is not a JSON object');
  });
});
