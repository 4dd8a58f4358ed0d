import { describe, expect, it } from 'vitest';
import { detected, generated, IMAGES, stages } from './dockerfile-stages.test-support.js';
import { renderDockerfile } from './index.js';

const SITE = { 'index.html': '<h1>hi</h1>', 'style.css': '' };
const generate = (settings = {}) => generated(detected(SITE), settings);

describe('static site', () => {
  it("copies the files into static-web-server, unprivileged, answering missing pages with the site's 404.html", () => {
    expect(renderDockerfile(generate())).toBe(`# Aether detected: a static site (index.html), served as is from the root, missing pages answered by its 404.html

FROM ${IMAGES.static}
ENV PORT=8080
ENV SERVER_PORT=8080
ENV SERVER_ROOT=/public
ENV SERVER_CACHE_CONTROL_HEADERS=true
ENV SERVER_ERROR_PAGE_404=/public/404.html
COPY . /public
USER 65534:65534
EXPOSE 8080
`);
  });

  it('serves a subdirectory named by the settings, and says so', () => {
    expect(stages(generate({ outputDir: 'public' }))[0]?.lines).toContain('COPY public /public');
    expect(generate({ outputDir: 'public' }).header).toBe('Aether detected: a static site (index.html), served as is from public/, missing pages answered by its 404.html');
  });

  it.each(['installCommand', 'buildCommand', 'startCommand'] as const)('refuses %s: there is nothing to run', (field) => {
    expect(() => generate({ [field]: 'make' })).toThrow(
      `${field} does not apply: a static site is served as is by static-web-server; add a package.json with a build script to build it`,
    );
  });
});

describe('missing paths as the settings (or aether.json) ask', () => {
  const VITE = {
    'package.json': JSON.stringify({ scripts: { build: 'vite build' }, devDependencies: { vite: '^6.0.0' } }),
    'package-lock.json': '{}',
    'index.html': '<div id="root"></div>',
  };
  const served = (files: Record<string, string>, settings = {}) => stages(generated(detected(files), settings)).at(-1)!.lines.filter((line) => /FALLBACK|ERROR_PAGE/.test(line));

  it('answers every path with index.html once spaFallback is true, and with a 404 page once it is false', () => {
    expect(served(SITE, { spaFallback: true })).toEqual(['ENV SERVER_FALLBACK_PAGE=/public/index.html']);
    expect(served(VITE)).toEqual(['ENV SERVER_FALLBACK_PAGE=/public/index.html']);
    expect(served(VITE, { spaFallback: false })).toEqual(['ENV SERVER_ERROR_PAGE_404=/public/404.html']);
    expect(served(VITE, { spaFallback: false, notFoundPage: 'missing.html' })).toEqual(['ENV SERVER_ERROR_PAGE_404=/public/missing.html']);
  });

  it('answers a missing page with the page notFoundPage names', () => {
    expect(served(SITE, { notFoundPage: 'not-found.html' })).toEqual(['ENV SERVER_ERROR_PAGE_404=/public/not-found.html']);
    expect(served(VITE, { notFoundPage: 'not-found.html' })).toEqual(['ENV SERVER_ERROR_PAGE_404=/public/not-found.html']);
  });

  it('refuses a page name that is not a plain .html file, and both settings for an app that runs a server', () => {
    expect(() => generate({ notFoundPage: '../etc/passwd' })).toThrow(/notFoundPage: must be the name of an \.html file/);
    expect(() => generate({ notFoundPage: '404.html\nUSER root' })).toThrow(/notFoundPage/);
    const server = { 'package.json': JSON.stringify({ scripts: { start: 'node server.js' } }), 'package-lock.json': '{}' };
    expect(() => generated(detected(server), { spaFallback: true })).toThrow('spaFallback does not apply: it applies to static output only, and this app runs a server');
  });
});
