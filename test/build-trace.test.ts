import { cpSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type Docker from 'dockerode';
import { afterAll, describe, expect, it } from 'vitest';
import { withMajorVersion } from '../builder/src/dockerfile/image-tag.js';
import { renderInstruction } from '../builder/src/dockerfile/instructions.js';
import { TRACED, traceSteps } from '../builder/src/dockerfile/trace.js';
import { buildLocal, commitAll, runImage } from './support/build.js';
import { eventually, get } from './support/http.js';
import { testbedVar } from './support/testbed.js';

// The trace Aether runs after an Nx server's build, over a bundle in a pnpm workspace: every
// package a link into node_modules/.pnpm, tslib a devDependency of the root, and express 5 reaching
// packages whose `exports` name a `module-sync` file. Node.js 20.19 and later load that file, and
// nft, running on Node.js 20, skips it unless told. The image holds the traced files and the
// bundle's folder only, on the Node.js major the project asks for.

const fixture = fileURLToPath(new URL('./fixtures/bundle-pnpm', import.meta.url));

function tracedProject(major: number): string {
  const repo = mkdtempSync(join(tmpdir(), 'aether-traced-'));
  cpSync(fixture, repo, { recursive: true });
  const node = withMajorVersion(testbedVar('AETHER_IMAGE_NODE'), major);
  const dockerfile = [
    `FROM ${node} AS build`,
    'WORKDIR /app',
    'COPY . .',
    'RUN ["npx", "--yes", "pnpm@9.15.9", "install", "--frozen-lockfile"]',
    'WORKDIR /app/apps/api',
    ...traceSteps('build/main.js').map(renderInstruction),
    `FROM ${node}`,
    `COPY --from=build ${TRACED}/ /app/`,
    'COPY --from=build /app/apps/api/build /app/apps/api/build',
    'WORKDIR /app/apps/api',
    'ENV PORT=3000',
    'EXPOSE 3000',
    'USER node',
    'CMD ["node", "build/main.js"]',
  ];
  writeFileSync(join(repo, 'Dockerfile'), `${dockerfile.join('\n')}\n`);
  commitAll(repo, 'bundle');
  return repo;
}

describe('a bundle shipped with the files it requires', () => {
  const apps: Docker.Container[] = [];

  afterAll(async () => {
    await Promise.all(apps.map((container) => container.remove({ force: true })));
  });

  it.each([20, 24])('runs from a pnpm workspace without the install, on Node.js %i', async (major) => {
    const image = await buildLocal(tracedProject(major), `aether-test/traced:${major}`);
    const app = await runImage(image);
    apps.push(app.container);
    const reply = await eventually(async () => {
      const answer = await get(app.port, 'localhost', '/');
      expect(answer.status).toBe(200);
      return answer;
    }, 30_000);
    expect(reply.body).toBe('aether-fixture:bundle-pnpm');
  }, 300_000);
});
