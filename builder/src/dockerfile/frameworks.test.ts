import { describe, expect, it } from 'vitest';
import { detected, finalStage, generated, IMAGES, stageNamed } from './dockerfile-stages.test-support.js';

// Frameworks whose production mode is not their start script: the generated Dockerfile as data.

const pkg = (value: object) => JSON.stringify(value);
const generate = (files: Record<string, string>, settings = {}) => generated(detected(files), settings);

const angularJson = (options: object) =>
  JSON.stringify({ projects: { shop: { projectType: 'application', root: '', architect: { build: { builder: '@angular/build:application', options } } } } });
const ANGULAR_PKG = {
  scripts: { start: 'ng serve', build: 'ng build' },
  dependencies: { '@angular/core': '^22.2.0', '@angular/ssr': '^22.2.7', express: '^5.1.0' },
  devDependencies: { '@angular/cli': '^22.2.7', '@angular/build': '^22.2.7' },
};
const ANGULAR = { 'package.json': pkg(ANGULAR_PKG), 'package-lock.json': '{}', 'angular.json': angularJson({ browser: 'src/main.ts' }) };
const ANGULAR_SSR = {
  ...ANGULAR,
  'angular.json': angularJson({ browser: 'src/main.ts', server: 'src/main.server.ts', outputMode: 'server', ssr: { entry: 'src/server.ts' } }),
};

describe('Expo', () => {
  const EXPO = {
    'package.json': pkg({ dependencies: { expo: '~57.0.26', 'react-native-web': '~0.21.0' }, scripts: { start: 'expo start', web: 'expo start --web' } }),
    'package-lock.json': '{}',
    'app.json': pkg({ expo: { web: { output: 'static' } } }),
  };

  it('exports the web build with the project\'s own expo CLI, never expo start, and serves dist/ with its +not-found page', () => {
    const dockerfile = generate(EXPO);
    expect(stageNamed(dockerfile, 'build').lines).toContain('RUN ["npx","--no-install","expo","export","--platform","web"]');
    const final = finalStage(dockerfile);
    expect(final.from).toBe(`FROM ${IMAGES.static}`);
    expect(final.lines).toContain('COPY --from=build /app/dist /public');
    expect(final.lines).toContain('ENV SERVER_ERROR_PAGE_404=/public/+not-found.html');
    expect(dockerfile.header).not.toContain('expo start');
  });

  it('runs the project\'s build script or command instead, when it has one', () => {
    const scripted = { ...EXPO, 'package.json': pkg({ dependencies: { expo: '57', 'react-native-web': '0.21' }, scripts: { build: 'expo export -p web' } }) };
    expect(stageNamed(generate(scripted), 'build').lines).toContain('RUN ["npm","run","build"]');
    expect(stageNamed(generate(EXPO, { buildCommand: 'npx expo export' }), 'build').lines).toContain('RUN ["sh","-c","npx expo export"]');
  });
});

describe('TanStack Start', () => {
  const files = (extra: object = {}) => ({
    'package.json': pkg({ scripts: { build: 'vite build' }, dependencies: { '@tanstack/react-start': '1.169.5', ...extra }, devDependencies: { vite: '^8.0.0' } }),
    'package-lock.json': '{}',
  });

  it('serves dist/server/server.js with its dist/client files through a pinned srvx, as a server on PORT', () => {
    const final = finalStage(generate(files()));
    expect(final.lines).toContain('RUN ["npm","install","--global","srvx@1.0.8"]');
    expect(final.lines).toContain('ENV PORT=3000');
    expect(final.lines.at(-1)).toBe('CMD ["srvx","--prod","-s","../client","dist/server/server.js"]');
  });

  it('runs the Node server Nitro builds, with nothing else installed', () => {
    const final = finalStage(generate(files({ nitro: '3' })));
    expect(final.lines.at(-1)).toBe('CMD ["node",".output/server/index.mjs"]');
    expect(final.lines.join('\n')).not.toContain('srvx');
  });
});

describe("Nitro's output (Nuxt, TanStack Start with Nitro)", () => {
  const NUXT = { 'package.json': pkg({ scripts: { build: 'nuxt build', dev: 'nuxt dev' }, dependencies: { nuxt: '^4.6.4', vue: '^3.5.26' } }), 'package-lock.json': '{}' };

  it('ships .output alone on the Node.js image: no package manager, no node_modules of the project', () => {
    const dockerfile = generate(NUXT);
    expect(dockerfile.stages.map((stage) => stage.name ?? 'final')).toEqual(['base', 'deps', 'build', 'final']);
    const final = finalStage(dockerfile);
    expect(final.from).toBe(`FROM ${IMAGES.node}`);
    expect(final.lines).toEqual([
      'WORKDIR /app',
      'ENV NODE_ENV=production',
      'ENV PORT=3000',
      'COPY --from=build --chown=node:node /app/.output ./.output',
      'USER node',
      'EXPOSE 3000',
      'CMD ["node",".output/server/index.mjs"]',
    ]);
  });

  it('keeps the whole app and its production dependencies for a start command of the user, and needs a build', () => {
    const custom = generate(NUXT, { startCommand: 'node scripts/migrate.mjs && node .output/server/index.mjs' });
    expect(finalStage(custom).lines).toContain('COPY --from=prod-deps --chown=node:node /app/node_modules ./node_modules');
    const unbuilt = { ...NUXT, 'package.json': pkg({ dependencies: { nuxt: '4' } }) };
    expect(() => generate(unbuilt)).toThrow('buildCommand is required: package.json has no build script');
  });
});

describe('Angular CLI', () => {
  it('builds with ng build and serves dist/<project>/browser as a single-page app', () => {
    const dockerfile = generate(ANGULAR);
    expect(stageNamed(dockerfile, 'build').lines).toContain('RUN ["npm","run","build"]');
    const final = finalStage(dockerfile);
    expect(final.from).toBe(`FROM ${IMAGES.static}`);
    expect(final.lines).toContain('COPY --from=build /app/dist/shop/browser /public');
    expect(final.lines).toContain('ENV SERVER_FALLBACK_PAGE=/public/index.html');
    expect(dockerfile.header).toContain('angular single-page app built to dist/shop/browser/');
  });

  it("runs the server build on PORT, accepting the Host the proxy routes to it, never ng serve", () => {
    const final = finalStage(generate(ANGULAR_SSR));
    expect(final.lines).toContain('ENV PORT=3000');
    expect(final.lines).toContain('ENV NG_ALLOWED_HOSTS=*');
    expect(final.lines.at(-1)).toBe('CMD ["node","dist/shop/server/server.mjs"]');
    expect(final.lines.join('\n')).not.toContain('ng serve');
    // Other servers are not told to accept any Host.
    const express = { 'package.json': pkg({ dependencies: { express: '5' }, scripts: { start: 'node server.js' } }), 'package-lock.json': '{}' };
    expect(finalStage(generate(express)).lines.join('\n')).not.toContain('NG_ALLOWED_HOSTS');
  });
});
