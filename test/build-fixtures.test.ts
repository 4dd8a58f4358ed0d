import { cpSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type Docker from 'dockerode';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BuiltImage } from '../builder/src/build-project.js';
import { buildLocal, commitAll, runImage } from './support/build.js';
import { docker } from './support/docker.js';
import { eventually, get } from './support/http.js';

const fixturesDir = fileURLToPath(new URL('./fixtures', import.meta.url));

/** Builds a fixture from a git repository of its own, as a user's would be. */
function build(name: string): Promise<BuiltImage> {
  const repo = mkdtempSync(join(tmpdir(), `aether-${name}-`));
  cpSync(join(fixturesDir, name), repo, { recursive: true });
  commitAll(repo, `Fixture ${name}`);
  return buildLocal(repo, `aether-test/fixture-${name}:latest`);
}

async function exitCode(container: Docker.Container, cmd: string[]): Promise<number> {
  const exec = await container.exec({ Cmd: cmd, AttachStdout: true, AttachStderr: true });
  const stream = await exec.start({});
  await new Promise((resolve) => stream.on('end', resolve).resume());
  return (await exec.inspect()).ExitCode ?? -1;
}

interface Fixture {
  name: string;
  /** Answers /health too. */
  server: boolean;
  /** Built from a Dockerfile Aether wrote, so it must not run as root. */
  generated: boolean;
  /** Text the page holds besides the marker. */
  body?: string;
  /** Text the generated Dockerfile holds. */
  dockerfile?: string;
}

const fixtures: Fixture[] = [
  { name: 'static-site', server: false, generated: true },
  { name: 'vite-spa', server: false, generated: true },
  { name: 'express-npm', server: true, generated: true },
  { name: 'hono-pnpm', server: true, generated: true },
  { name: 'bun-server', server: true, generated: true, body: 'on Bun 1.' },
  { name: 'yarn-pnp', server: true, generated: true, body: '1 minutes (patched by the fixture)' },
  { name: 'flask-app', server: true, generated: true },
  { name: 'fastapi-uv', server: true, generated: true, body: 'pytest installed: False' },
  { name: 'go-server', server: true, generated: true },
  { name: 'own-dockerfile', server: false, generated: false },
  { name: 'node-22-volta', server: true, generated: true, body: 'on Node.js v22.' },
  { name: 'node-24-nvmrc', server: true, generated: true, body: 'on Node.js v24.' },
  { name: 'node-default', server: true, generated: true, body: 'on Node.js v24.' },
  {
    name: 'pnpm-8-lockfile',
    server: true,
    generated: true,
    body: '2 days are 172800000 ms',
    dockerfile: 'RUN ["corepack","install","--global","pnpm@8.15.9"]',
  },
  {
    name: 'yarn-3-lockfile',
    server: true,
    generated: true,
    body: '2 days are 172800000 ms',
    dockerfile: 'RUN ["corepack","install","--global","yarn@3.8.7"]',
  },
  {
    name: 'npm-6-lockfile',
    server: true,
    generated: true,
    body: '2 days are 172800000 ms',
    dockerfile: 'RUN ["npm","install","--global","npm@6.14.18"]',
  },
];

describe.each(fixtures)('$name: detect, build, run', (fixture) => {
  let image: BuiltImage;
  let app: { container: Docker.Container; port: number };

  beforeAll(async () => {
    image = await build(fixture.name);
    app = await runImage(image);
  }, 600_000);

  afterAll(async () => {
    await app?.container.remove({ force: true });
  });

  it('serves the app', async () => {
    const reply = await eventually(async () => {
      const r = await get(app.port, 'localhost', '/');
      expect(r.status).toBe(200);
      return r;
    }, 60_000);
    expect(reply.body).toContain(`aether-fixture:${fixture.name}`);
    if (fixture.body !== undefined) expect(reply.body).toContain(fixture.body);
    if (fixture.dockerfile !== undefined) expect(image.dockerfile).toContain(fixture.dockerfile);
    if (fixture.server) expect((await get(app.port, 'localhost', '/health')).status).toBe(200);
  });

  it.runIf(fixture.generated)('runs as an unprivileged user, from a Dockerfile the user can read', async () => {
    const { Config } = await docker.getImage(image.imageId).inspect();
    expect(['', 'root', '0', '0:0']).not.toContain(Config.User);
    expect(image.dockerfile).toMatch(/^FROM /m);
  });
});

describe('what a user of a built image notices', () => {
  it("a static site publishes its own files only, never Aether's generated Dockerfile", async () => {
    const image = await build('static-site');
    const { container, port } = await runImage(image);
    try {
      await eventually(async () => expect((await get(port, 'localhost', '/')).status).toBe(200));
      expect((await get(port, 'localhost', '/.aether/Dockerfile')).status).toBe(404);
      expect((await get(port, 'localhost', '/style.css')).status).toBe(200);
    } finally {
      await container.remove({ force: true });
    }
  });

  it('an SPA answers any route with its shell, and hashed assets are cached for a year', async () => {
    const image = await build('vite-spa');
    const { container, port } = await runImage(image);
    try {
      const deep = await eventually(() => get(port, 'localhost', '/some/deep/route'));
      expect(deep.status).toBe(200);
      expect(deep.body).toContain('aether-fixture:vite-spa');
      const asset = /(?:src|href)="(\/assets\/[^"]+\.js)"/.exec(deep.body)?.[1];
      expect(asset).toBeDefined();
      const reply = await get(port, 'localhost', asset!);
      expect(reply.status).toBe(200);
      expect(String(reply.headers['cache-control'])).toContain('max-age=31536000');
      expect(String(reply.headers['content-type'])).toContain('javascript');
    } finally {
      await container.remove({ force: true });
    }
  });

  it("a Node server's image holds its production dependencies only", async () => {
    const image = await build('express-npm');
    const { container } = await runImage(image);
    try {
      expect(await exitCode(container, ['node', '-e', "require.resolve('express')"])).toBe(0);
      expect(await exitCode(container, ['node', '-e', "require.resolve('typescript')"])).not.toBe(0);
    } finally {
      await container.remove({ force: true });
    }
  });
});
