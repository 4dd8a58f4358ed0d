import { describe, expect, it } from 'vitest';
import { frameworkName } from './framework-name.js';
import { detect } from './index.js';
import { memoryTree } from './memory-tree.test-support.js';

const pkg = (manifest: object) => JSON.stringify(manifest);

describe('frameworkName', () => {
  it.each([
    [{ 'package.json': pkg({ dependencies: { next: '15', react: '19' }, scripts: { build: 'next build' } }) }, 'Next.js'],
    [{ 'package.json': pkg({ devDependencies: { vite: '5' }, scripts: { build: 'vite build' } }), 'index.html': '' }, 'Vite'],
    [{ 'package.json': pkg({ dependencies: { express: '4' }, scripts: { start: 'node server.js' } }) }, 'Express'],
    [{ 'package.json': pkg({ scripts: { start: 'node server.js' } }) }, 'Node.js'],
    [{ 'requirements.txt': 'fastapi\nuvicorn', 'main.py': '' }, 'FastAPI'],
    [{ 'requirements.txt': 'requests', 'main.py': '' }, 'Python'],
    [{ 'go.mod': 'module x', 'main.go': '' }, 'Go'],
    [{ 'index.html': '' }, 'Static'],
    [{ Dockerfile: 'FROM scratch', 'package.json': pkg({ dependencies: { next: '15' } }) }, 'Dockerfile'],
  ])('names what detection found in %j as %s', (files, name) => {
    expect(frameworkName(detect(memoryTree(files)))).toBe(name);
  });
});
