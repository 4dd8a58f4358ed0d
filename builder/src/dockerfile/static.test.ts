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
