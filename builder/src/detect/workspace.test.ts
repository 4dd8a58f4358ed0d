import { describe, expect, it } from 'vitest';
import { DetectionError, type NodeDetection } from './detection.js';
import { detect } from './index.js';
import { memoryTree } from './memory-tree.test-support.js';

const pkg = (value: object) => JSON.stringify(value);
const WEB = pkg({ name: 'web', dependencies: { '@acme/ui': '*', express: '5' }, scripts: { start: 'node server.js' } });
const UI = pkg({ name: '@acme/ui', dependencies: { '@acme/tokens': '*' }, scripts: { build: 'tsc' } });
const TOKENS = pkg({ name: '@acme/tokens' });
const MEMBERS = {
  'apps/web/package.json': WEB,
  'apps/docs/package.json': pkg({ name: 'docs' }),
  'packages/ui/package.json': UI,
  'packages/tokens/package.json': TOKENS,
};

function node(files: Record<string, string>, rootDirectory = 'apps/web'): NodeDetection {
  const detection = detect(memoryTree(files), rootDirectory);
  if (detection.kind !== 'node') throw new Error(`expected a Node.js detection, got ${detection.kind}`);
  return detection;
}

describe('a package of a workspace', () => {
  it('records Turborepo as the task runner when turbo.json is there and the root depends on turbo', () => {
    const root = (fields: object) => pkg({ workspaces: ['apps/*', 'packages/*'], ...fields });
    const files = { 'package-lock.json': '{}', 'turbo.json': '{}', ...MEMBERS };
    expect(node({ ...files, 'package.json': root({ devDependencies: { turbo: '^2.5.0' } }) }).workspace?.taskRunner).toBe('turbo');
    expect(node({ ...files, 'package.json': root({}) }).workspace?.taskRunner).toBeNull();
  });

  it('records Nx as the task runner when nx.json is there and the root depends on nx', () => {
    const files = { 'package-lock.json': '{}', 'nx.json': '{}', ...MEMBERS };
    const root = pkg({ workspaces: ['apps/*', 'packages/*'], devDependencies: { nx: '^21.0.0' } });
    expect(node({ ...files, 'package.json': root }).workspace?.taskRunner).toBe('nx');
  });

  it('npm: finds the root by its workspaces field and takes its lockfile and manager', () => {
    const detection = node({ 'package.json': pkg({ workspaces: ['apps/*', 'packages/*'] }), 'package-lock.json': '{}', ...MEMBERS });
    expect(detection.packageManager).toEqual({ name: 'npm', version: null, lockfile: 'package-lock.json' });
    expect(detection.workspace).toEqual({
      root: '',
      app: { name: 'web', path: 'apps/web' },
      dependencies: [
        { name: '@acme/tokens', path: 'packages/tokens', buildScript: false },
        { name: '@acme/ui', path: 'packages/ui', buildScript: true },
      ],
      members: ['apps/docs', 'apps/web', 'packages/tokens', 'packages/ui'],
      taskRunner: null,
    });
    expect(detection.app).toEqual({ type: 'server', framework: 'express', start: { type: 'script' } });
  });

  it('pnpm: reads the members from pnpm-workspace.yaml, with its version from packageManager', () => {
    const files = {
      'package.json': pkg({ packageManager: 'pnpm@9.15.9' }),
      'pnpm-lock.yaml': '',
      'pnpm-workspace.yaml': "packages:\n  - 'apps/*'\n  - 'packages/*'\n",
      ...MEMBERS,
    };
    const detection = node(files);
    expect(detection.packageManager).toEqual({ name: 'pnpm', version: { number: '9.15.9', from: 'packageManager' }, lockfile: 'pnpm-lock.yaml' });
    expect(detection.workspace?.dependencies.map((dependency) => dependency.path)).toEqual(['packages/tokens', 'packages/ui']);
  });

  it("yarn: takes the workspaces field's object form", () => {
    const files = { 'package.json': pkg({ workspaces: { packages: ['apps/*', 'packages/*'] } }), 'yarn.lock': '', ...MEMBERS };
    const detection = node(files);
    expect(detection.packageManager).toEqual({ name: 'yarn', version: null, lockfile: 'yarn.lock', release: { line: 'classic' } });
    expect(detection.workspace?.app).toEqual({ name: 'web', path: 'apps/web' });
  });

  it('records Nx only when the root also depends on nx', () => {
    const files = { 'package-lock.json': '{}', 'nx.json': '{}', ...MEMBERS };
    expect(node({ ...files, 'package.json': pkg({ workspaces: ['apps/*', 'packages/*'] }) }).workspace?.taskRunner).toBeNull();
  });

  it('lists no package as its own dependency when workspace packages depend on each other in a circle', () => {
    const circle = { ...MEMBERS, 'packages/tokens/package.json': pkg({ name: '@acme/tokens', dependencies: { web: '*' } }) };
    const detection = node({ 'package.json': pkg({ workspaces: ['apps/*', 'packages/*'] }), 'package-lock.json': '{}', ...circle });
    expect(detection.workspace?.dependencies.map((dependency) => dependency.path)).toEqual(['packages/tokens', 'packages/ui']);
  });

  it('takes a package name of 214 characters, npm\'s longest', () => {
    const name = 'w'.repeat(214);
    const files = { 'package.json': pkg({ workspaces: ['apps/*'] }), 'package-lock.json': '{}', 'apps/web/package.json': pkg({ name }) };
    expect(node(files).workspace?.app).toEqual({ name, path: 'apps/web' });
  });

  it('finds the nearest workspace root, never looking above the repository', () => {
    const files = {
      'package.json': pkg({ workspaces: ['tools/*'] }),
      'package-lock.json': '{}',
      'product/package.json': pkg({ workspaces: ['web'] }),
      'product/package-lock.json': '{}',
      'product/web/package.json': WEB,
    };
    expect(node(files, 'product/web').workspace).toMatchObject({ root: 'product', app: { path: 'web' }, members: ['web'] });
  });

  it("builds the chosen package itself, not members it declares of its own, which its workspace's manager does not read", () => {
    const files = {
      'package.json': pkg({ workspaces: ['apps/*'] }),
      'package-lock.json': '{}',
      'apps/tool/package.json': pkg({ name: 'tool', workspaces: ['plugins/*'], main: 'index.js' }),
      'apps/tool/plugins/api/package.json': WEB,
    };
    expect(node(files, 'apps/tool').workspace?.app).toEqual({ name: 'tool', path: 'apps/tool' });
  });

  it('takes engines.node and .nvmrc from the package, else from the root', () => {
    const root = { 'package.json': pkg({ workspaces: ['apps/*'], engines: { node: '22.x' } }), 'package-lock.json': '{}' };
    expect(node({ ...root, 'apps/web/package.json': WEB }).nodeMajor).toBe(22);
    expect(node({ ...root, 'apps/web/package.json': pkg({ name: 'web', engines: { node: '20' } }) }).nodeMajor).toBe(20);
    const withoutEngines = { 'package.json': pkg({ workspaces: ['apps/*'] }), 'package-lock.json': '{}', 'apps/web/package.json': WEB };
    expect(node({ ...withoutEngines, '.nvmrc': '22\n' }).nodeMajor).toBe(22);
    expect(node({ ...withoutEngines, '.nvmrc': '22\n', 'apps/web/.nvmrc': '20\n' }).nodeMajor).toBe(20);
    expect(node({ ...withoutEngines, '.nvmrc': '22\n', 'apps/web/.tool-versions': 'nodejs 20.1.0\n' }).nodeMajor).toBe(20);
    expect(node({ ...withoutEngines, 'package.json': pkg({ workspaces: ['apps/*'], volta: { node: '22.3.0' } }) }).nodeMajor).toBe(22);
  });

  it("names the package's own file when its version is one no supported major satisfies", () => {
    const root = { 'package.json': pkg({ workspaces: ['apps/*'] }), 'package-lock.json': '{}' };
    expect(() => node({ ...root, 'apps/web/package.json': pkg({ name: 'web', engines: { node: '>=26' } }) })).toThrow(
      /^apps\/web\/package\.json engines\.node asks for Node\.js ">=26"/,
    );
    expect(() => node({ ...root, 'apps/web/package.json': WEB, 'apps/web/.nvmrc': '19' })).toThrow(/^apps\/web\/\.nvmrc asks/);
  });

  it('takes a package.json above without workspaces for no workspace root', () => {
    const detection = node({ 'package.json': pkg({ name: 'tools', devDependencies: { prettier: '3' } }), 'apps/web/package.json': WEB });
    expect(detection.workspace).toBeNull();
  });

  it('builds a package with a lockfile of its own alone, as before', () => {
    const files = { 'package.json': pkg({ workspaces: ['apps/*'] }), 'package-lock.json': '{}', 'apps/web/package.json': WEB, 'apps/web/yarn.lock': '' };
    const detection = node(files);
    expect(detection.workspace).toBeNull();
    expect(detection.packageManager.lockfile).toBe('yarn.lock');
  });

  it('with no lockfile anywhere and no workspace above, builds the folder alone without a lockfile', () => {
    const detection = node({ 'README.md': '', 'apps/web/package.json': WEB });
    expect(detection.workspace).toBeNull();
    expect(detection.packageManager).toEqual({ name: 'npm', version: null, lockfile: null });
  });

  it('builds a workspace without a lockfile from its root all the same, unfrozen', () => {
    const detection = node({ 'package.json': pkg({ workspaces: ['apps/*', 'packages/*'] }), ...MEMBERS });
    expect(detection.packageManager).toEqual({ name: 'npm', version: null, lockfile: null });
    expect(detection.workspace?.root).toBe('');
  });

  it('builds the repository root as its own project, workspace or not', () => {
    const files = { 'package.json': pkg({ workspaces: ['apps/*'], scripts: { start: 'node .' } }), 'package-lock.json': '{}', ...MEMBERS };
    expect(node(files, '').workspace).toBeNull();
  });
});

describe('a package the workspace refuses', () => {
  const refusal = (files: Record<string, string>, rootDirectory = 'apps/web') => {
    try {
      detect(memoryTree(files), rootDirectory);
    } catch (error) {
      expect(error).toBeInstanceOf(DetectionError);
      return (error as Error).message;
    }
    throw new Error('expected a refusal');
  };

  it('is not matched by the workspace patterns', () => {
    const message = refusal({ 'package.json': pkg({ workspaces: ['packages/*', 'tools/*'] }), 'package-lock.json': '{}', ...MEMBERS });
    expect(message).toMatch(/^apps\/web is not a package of the workspace at the repository root: its patterns \(packages\/\*, tools\/\*\)/);
    expect(message).toMatch(/give apps\/web a lockfile of its own/);
  });

  it('names the nested root and says when there are no patterns at all', () => {
    const files = {
      'package.json': '{}',
      'pnpm-lock.yaml': '',
      'pnpm-workspace.yaml': 'catalog:\n  react: ^19\n',
      ...MEMBERS,
    };
    const nested = Object.fromEntries(Object.entries(files).map(([path, text]) => [`product/${path}`, text]));
    expect(refusal(nested, 'product/apps/web')).toBe(
      'product/apps/web is not a package of the workspace at product: its patterns (none) do not match that folder. ' +
        'Add it to the workspace, or give product/apps/web a lockfile of its own to build it alone',
    );
  });

  it('is excluded by a negated pattern', () => {
    const yaml = "packages:\n  - 'apps/*'\n  - '!apps/web'\n";
    expect(refusal({ 'package.json': '{}', 'pnpm-lock.yaml': '', 'pnpm-workspace.yaml': yaml, ...MEMBERS })).toMatch(/is not a package/);
  });

  it('belongs to a workspace its package manager does not read', () => {
    const pnpmWithoutFile = { 'package.json': pkg({ workspaces: ['apps/*'] }), 'pnpm-lock.yaml': '', ...MEMBERS };
    expect(refusal(pnpmWithoutFile)).toMatch(/^pnpm reads a workspace's packages from pnpm-workspace\.yaml/);
    const npmWithPnpmFile = { 'package.json': '{}', 'package-lock.json': '{}', 'pnpm-workspace.yaml': "packages: ['apps/*']", ...MEMBERS };
    expect(refusal(npmWithPnpmFile)).toBe(
      "npm reads a workspace's packages from the workspaces field of package.json, and the repository root has none " +
        '(pnpm-workspace.yaml is read by pnpm only)',
    );
  });

  it('has no name, or one no package manager would take', () => {
    const root = { 'package.json': pkg({ workspaces: ['apps/*'] }), 'package-lock.json': '{}' };
    expect(refusal({ ...root, 'apps/web/package.json': '{}' })).toMatch(/^apps\/web\/package\.json needs a name/);
    expect(refusal({ ...root, 'apps/web/package.json': pkg({ name: '--prefix=/' }) })).toMatch(/not a valid npm package name/);
    expect(refusal({ ...root, 'apps/web/package.json': pkg({ name: 'Web App' }) })).toMatch(/not a valid npm package name/);
    expect(refusal({ ...root, 'apps/web/package.json': pkg({ name: 'w'.repeat(215) }) })).toMatch(/not a valid npm package name/);
  });

  it('shares the workspace with a folder whose name cannot be copied as written', () => {
    const files = { 'package.json': pkg({ workspaces: ['apps/*'] }), 'package-lock.json': '{}', ...MEMBERS, 'apps/my app/package.json': '{}' };
    expect(refusal(files)).toBe(
      'the workspace package folder "apps/my app" is copied into the build by name, so it may hold only ' +
        'letters, digits, dots, dashes, underscores and @, not starting with a dot or a dash',
    );
  });

  it('names the broken manifest', () => {
    const files = { 'package.json': pkg({ workspaces: ['apps/*'] }), 'package-lock.json': '{}', ...MEMBERS, 'apps/docs/package.json': '{' };
    expect(refusal(files)).toMatch(/^apps\/docs\/package\.json is not valid JSON/);
  });
});
