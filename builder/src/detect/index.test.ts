import { describe, expect, it } from 'vitest';
import { detect, DetectionError } from './index.js';
import { memoryTree } from './memory-tree.test-support.js';

const PACKAGE_JSON = JSON.stringify({ scripts: { start: 'node server.js' } });

describe('detect', () => {
  it('builds a root Dockerfile as is, whatever else is there', () => {
    expect(detect(memoryTree({ Dockerfile: 'FROM scratch', 'package.json': PACKAGE_JSON, 'go.mod': 'module x' }))).toEqual({
      kind: 'dockerfile',
      path: 'Dockerfile',
    });
  });

  it('prefers package.json to index.html, and index.html to Python and Go', () => {
    expect(detect(memoryTree({ 'package.json': PACKAGE_JSON, 'index.html': '' })).kind).toBe('node');
    expect(detect(memoryTree({ 'index.html': '', 'requirements.txt': '', 'go.mod': 'module x' }))).toEqual({ kind: 'static' });
    expect(detect(memoryTree({ 'requirements.txt': '', 'go.mod': 'module x' })).kind).toBe('python');
    expect(detect(memoryTree({ 'go.mod': 'module x', 'main.go': '' })).kind).toBe('go');
  });

  it('serves index.html as is when package.json neither builds nor starts anything', () => {
    const tools = JSON.stringify({ devDependencies: { 'live-server': '1' }, scripts: { dev: 'live-server' } });
    expect(detect(memoryTree({ 'package.json': tools, 'index.html': '' })).kind).toBe('static');
    const built = JSON.stringify({ devDependencies: { parcel: '2' }, scripts: { build: 'parcel build index.html' } });
    expect(detect(memoryTree({ 'package.json': built, 'index.html': '' })).kind).toBe('node');
  });

  it('looks at the root only', () => {
    expect(() => detect(memoryTree({ 'web/Dockerfile': '', 'web/package.json': '{}' }))).toThrow(DetectionError);
  });

  it('says what it looked for and how to add a Dockerfile when nothing matches', () => {
    let error: unknown;
    try {
      detect(memoryTree({ 'README.md': '# hello' }));
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(DetectionError);
    const message = (error as Error).message;
    for (const looked of ['Dockerfile', 'package.json', 'index.html', 'requirements.txt', 'pyproject.toml', 'Pipfile', 'go.mod']) {
      expect(message).toContain(looked);
    }
    expect(message).toMatch(/add a Dockerfile at the root of the repository: Aether builds it as is\.$/);
  });
});
