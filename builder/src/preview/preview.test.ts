import { describe, expect, it } from 'vitest';
import { SourceError } from '../../../contract/source-spec.js';
import { baseImages } from '../base-images.js';
import { memoryTree } from '../detect/memory-tree.test-support.js';
import { SettingsError } from '../dockerfile/index.js';
import { CheckoutError } from '../source/checkout.js';
import { CLONE_FAILED, detectionFailure } from './detection-failure.js';
import { previewDetection } from './preview-detection.js';
import { workspaceCandidates } from './workspace-candidates.js';

const IMAGES = baseImages({});

describe('previewDetection', () => {
  it('names the framework and the commands the generated Dockerfile runs', () => {
    const tree = memoryTree({
      'package.json': JSON.stringify({ name: 'a', scripts: { build: 'vite build' }, devDependencies: { vite: '^6.0.0' } }),
      'package-lock.json': '{}',
      'index.html': '<!doctype html>',
    });
    expect(previewDetection(tree, '', IMAGES)).toEqual({
      framework: 'Vite',
      kind: 'node',
      rootDirectory: '',
      installCommand: 'npm ci',
      buildCommand: 'npm run build',
      startCommand: null,
      outputDir: 'dist',
      port: 8080,
      repositorySettings: null,
    });
  });

  it('gives a server its start and no build when it has no build script', () => {
    const tree = memoryTree({ 'api/package.json': JSON.stringify({ name: 'api', scripts: { start: 'node server.js' }, dependencies: { express: '^5.0.0' } }), 'api/package-lock.json': '{}' });
    expect(previewDetection(tree, 'api', IMAGES)).toMatchObject({ framework: 'Express', rootDirectory: 'api', buildCommand: null, startCommand: 'npm run start', port: 3000 });
  });

  it("takes a repository's own Dockerfile as it is, with the port it exposes", () => {
    const tree = memoryTree({ Dockerfile: 'FROM nginx\nEXPOSE 80\n', 'package.json': '{}' });
    expect(previewDetection(tree, '', IMAGES)).toEqual({
      framework: 'Dockerfile',
      kind: 'dockerfile',
      rootDirectory: '',
      installCommand: null,
      buildCommand: null,
      startCommand: null,
      outputDir: null,
      port: 80,
      repositorySettings: null,
    });
  });

  it("previews a monorepo's root as its one app, under that app's root directory", () => {
    const tree = memoryTree({
      'package.json': JSON.stringify({ name: 'repo', workspaces: ['apps/*', 'packages/*'] }),
      'package-lock.json': '{}',
      'apps/api/package.json': JSON.stringify({ name: 'api', scripts: { start: 'node server.js' }, dependencies: { express: '^5.0.0', ui: '*' } }),
      'packages/ui/package.json': JSON.stringify({ name: 'ui', main: 'index.js' }),
    });
    expect(previewDetection(tree, '', IMAGES)).toMatchObject({ framework: 'Express', rootDirectory: 'apps/api', startCommand: 'npm run start' });
  });

  it("shows the commands and port an app's aether.json sets, and the file's settings", () => {
    const aether = { buildCommand: 'vite build --mode production', outputDir: 'public-build', healthCheckPath: '/ok' };
    const tree = memoryTree({
      'web/package.json': JSON.stringify({ name: 'a', scripts: { build: 'vite build' }, devDependencies: { vite: '^6.0.0' } }),
      'web/package-lock.json': '{}',
      'web/index.html': '<!doctype html>',
      'web/aether.json': JSON.stringify(aether),
    });
    expect(previewDetection(tree, 'web', IMAGES)).toMatchObject({ buildCommand: 'vite build --mode production', outputDir: 'public-build', repositorySettings: aether });
  });

  it('refuses what a build would refuse', () => {
    expect(() => previewDetection(memoryTree({ 'README.md': 'hi' }), '', IMAGES)).toThrow(/could not tell how to build/);
  });
});

describe('workspaceCandidates', () => {
  it("lists a workspace root's member packages, from package.json or pnpm-workspace.yaml", () => {
    const npm = memoryTree({ 'package.json': JSON.stringify({ workspaces: ['apps/*'] }), 'apps/web/package.json': '{}', 'apps/api/package.json': '{}', 'apps/notes/README.md': '' });
    expect(workspaceCandidates(npm, '')).toEqual(['apps/api', 'apps/web']);
    const pnpm = memoryTree({ 'mono/package.json': '{}', 'mono/pnpm-workspace.yaml': "packages:\n  - 'packages/*'\n", 'mono/packages/ui/package.json': '{}' });
    expect(workspaceCandidates(pnpm, 'mono')).toEqual(['mono/packages/ui']);
    // pnpm needs no package.json at the workspace's root.
    const bare = memoryTree({ 'pnpm-workspace.yaml': "packages:\n  - 'packages/*'\n", 'pnpm-lock.yaml': '', 'packages/ui/package.json': '{}' });
    expect(workspaceCandidates(bare, '')).toEqual(['packages/ui']);
  });

  it('reads the members where the package manager does: npm never reads pnpm-workspace.yaml', () => {
    const npm = memoryTree({
      'package.json': JSON.stringify({ workspaces: ['apps/*'] }),
      'package-lock.json': '{}',
      'pnpm-workspace.yaml': "packages:\n  - 'old/*'\n",
      'apps/web/package.json': '{}',
      'old/site/package.json': '{}',
    });
    expect(workspaceCandidates(npm, '')).toEqual(['apps/web']);
  });

  it('lists nothing where no workspace is declared', () => {
    expect(workspaceCandidates(memoryTree({ 'package.json': '{}', 'apps/web/package.json': '{}' }), '')).toEqual([]);
    expect(workspaceCandidates(memoryTree({}), '')).toEqual([]);
  });
});

describe('detectionFailure', () => {
  it('names the field that would fix it', () => {
    expect(detectionFailure(new CheckoutError("warning: Could not find remote branch nope to clone.\nfatal: Remote branch nope not found in upstream origin"), 'nope')).toEqual({
      error: 'branch: "nope" does not exist in the repository',
      field: 'branch',
    });
    expect(detectionFailure(new CheckoutError('fatal: repository not found'), 'main')?.field).toBe('repository');
    // git's words would map the builder's network: refused, unresolved, timed out are all one answer.
    for (const words of ["fatal: unable to access 'https://10.0.0.5:8443/x/': Failed to connect to 10.0.0.5 port 8443: Connection refused", 'Could not resolve host: redis']) {
      expect(detectionFailure(new CheckoutError(words), 'main')).toEqual({ error: CLONE_FAILED, field: 'repository' });
    }
    expect(detectionFailure(new SourceError('rootDirectory', '"x" does not exist in the repository'), 'main')?.field).toBe('rootDirectory');
    expect(detectionFailure(new SettingsError('startCommand is required: package.json has no start script'), 'main')?.field).toBe('startCommand');
  });

  it('is null for a failure that is not the requester’s to fix', () => {
    expect(detectionFailure(new Error('redis went away'), 'main')).toBeNull();
  });
});
