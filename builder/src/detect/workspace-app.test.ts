import { describe, expect, it } from 'vitest';
import { DetectionError, type NodeDetection } from './detection.js';
import { detect } from './index.js';
import { memoryTree } from './memory-tree.test-support.js';

const pkg = (value: object) => JSON.stringify(value);
const LIBRARY = { 'packages/ui/package.json': pkg({ name: '@acme/ui', main: 'index.js', scripts: { build: 'tsc' } }) };
const WEB = { 'apps/web/package.json': pkg({ name: 'web', dependencies: { next: '15', '@acme/ui': '*' } }) };
const API = { 'apps/api/package.json': pkg({ name: 'api', dependencies: { express: '5' }, scripts: { start: 'node server.js' } }) };

function fromRoot(files: Record<string, string>): NodeDetection {
  const detection = detect(memoryTree(files));
  if (detection.kind !== 'node') throw new Error(`expected a Node.js detection, got ${detection.kind}`);
  return detection;
}

const npmRoot = (fields: object = {}) => ({ 'package.json': pkg({ name: 'repo', workspaces: ['apps/*', 'packages/*'], ...fields }), 'package-lock.json': '{}' });

describe('a monorepo deployed from its root', () => {
  it('builds the one member that is an app, as if the root directory named it: libraries others import are not apps', () => {
    const detection = fromRoot({ ...npmRoot({ scripts: { build: 'turbo run build' } }), ...WEB, ...LIBRARY });
    expect(detection.app).toEqual({ type: 'next' });
    expect(detection.workspace).toMatchObject({ root: '', app: { name: 'web', path: 'apps/web' }, members: ['apps/web', 'packages/ui'] });
  });

  it('finds the app of an Nx workspace whose root has no scripts, and of a pnpm workspace', () => {
    expect(fromRoot({ ...npmRoot({ devDependencies: { nx: '21' } }), 'nx.json': '{}', ...API, ...LIBRARY }).workspace?.app.path).toBe('apps/api');
    const pnpm = { 'package.json': pkg({ name: 'repo' }), 'pnpm-lock.yaml': '', 'pnpm-workspace.yaml': "packages:\n  - 'apps/*'\n", ...API };
    expect(fromRoot(pnpm).workspace).toMatchObject({ app: { path: 'apps/api' } });
  });

  it('takes a member whose framework says how it runs, with no start script, and never a library others import, even one with a start script', () => {
    const shop = { 'apps/shop/package.json': pkg({ name: 'shop', devDependencies: { '@sveltejs/kit': '2', '@sveltejs/adapter-node': '5' } }) };
    expect(fromRoot({ ...npmRoot(), ...shop, ...LIBRARY }).workspace?.app.path).toBe('apps/shop');
    const storybook = { 'packages/ui/package.json': pkg({ name: '@acme/ui', scripts: { start: 'storybook dev' } }) };
    expect(fromRoot({ ...npmRoot(), ...WEB, ...storybook }).workspace?.app.path).toBe('apps/web');
  });

  it("names a member's broken package.json", () => {
    expect(() => fromRoot({ ...npmRoot(), ...LIBRARY, 'apps/web/package.json': '{' })).toThrow(/^apps\/web\/package\.json is not valid JSON/);
  });

  it('asks which app when there are several, naming them and the setting', () => {
    const attempt = () => fromRoot({ ...npmRoot(), ...WEB, ...API, ...LIBRARY });
    expect(attempt).toThrow(DetectionError);
    expect(attempt).toThrow("this repository is a monorepo with several apps (apps/api, apps/web): set the project's root directory to the one to deploy");
  });

  it('says so when no member says how it starts, naming the packages', () => {
    expect(() => fromRoot({ ...npmRoot(), ...LIBRARY })).toThrow(/monorepo \(packages packages\/ui\) and no package says how it starts/);
    expect(() => fromRoot(npmRoot())).toThrow(
      "this repository is a monorepo (packages none) and no package says how it starts: set the project's root directory to the app to deploy, and give it a start script or a startCommand setting",
    );
  });

  it('runs a root that starts on its own as a whole, installing every member from their manifests', () => {
    const detection = fromRoot({ ...npmRoot({ scripts: { start: 'node apps/api/server.js' } }), ...API, ...LIBRARY });
    expect(detection.workspace).toBeNull();
    expect(detection.app).toEqual({ type: 'server', framework: null, start: { type: 'script' } });
    expect(detection.installFiles.workspaceMembers).toEqual(['apps/api', 'packages/ui']);
  });

  it('refuses a member folder whose name would break the COPY that installs it', () => {
    const odd = { 'apps/x y/package.json': pkg({ name: 'xy' }) };
    expect(() => fromRoot({ ...npmRoot({ scripts: { start: 'node server.js' } }), ...odd })).toThrow(/copied into the build by name/);
  });
});
