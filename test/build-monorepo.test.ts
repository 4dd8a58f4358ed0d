import { randomUUID } from 'node:crypto';
import { cpSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type Docker from 'dockerode';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BuiltImage } from '../builder/src/build-project.js';
import type { BuildLogLine } from '../builder/src/engine/build-log.js';
import { buildLocal, commitAll, runImage } from './support/build.js';
import { eventually, get } from './support/http.js';

// Monorepos whose app lives in apps/web, set as the project's root directory, while the lockfile
// and the workspace package it imports live above it.

const fixturesDir = fileURLToPath(new URL('./fixtures', import.meta.url));

function repository(name: string): string {
  const repo = mkdtempSync(join(tmpdir(), `aether-${name}-`));
  cpSync(join(fixturesDir, name), repo, { recursive: true });
  commitAll(repo, `Fixture ${name}`);
  return repo;
}

function buildWeb(repo: string, name: string, lines?: BuildLogLine[]): Promise<BuiltImage> {
  return buildLocal(repo, `aether-test/fixture-${name}:latest`, { rootDirectory: 'apps/web', ...(lines && { lines }) });
}

async function exitCode(container: Docker.Container, cmd: string[]): Promise<number> {
  const exec = await container.exec({ Cmd: cmd, AttachStdout: true, AttachStderr: true });
  const stream = await exec.start({});
  await new Promise((resolve) => stream.on('end', resolve).resume());
  return (await exec.inspect()).ExitCode ?? -1;
}

async function body(port: number): Promise<string> {
  return (
    await eventually(async () => {
      const reply = await get(port, 'localhost', '/');
      expect(reply.status).toBe(200);
      return reply;
    }, 60_000)
  ).body;
}

/** How each build step whose line matches ended: CACHED, DONE …s or ERROR. */
function outcomes(lines: readonly BuildLogLine[], step: RegExp): string[] {
  const steps = lines.filter((line) => line.stream === 'step');
  return steps
    .filter((line) => step.test(line.text))
    .map((start) => steps.filter((line) => line.step === start.step).at(-1)?.text ?? '');
}

describe.each([
  { name: 'npm-workspace', manager: 'npm' },
  { name: 'pnpm-workspace', manager: 'pnpm' },
])('$name: a workspace package builds from the workspace root', (fixture) => {
  let image: BuiltImage;
  let app: { container: Docker.Container; port: number };

  beforeAll(async () => {
    image = await buildWeb(repository(fixture.name), fixture.name);
    app = await runImage(image);
  }, 600_000);

  afterAll(async () => {
    await app?.container.remove({ force: true });
  });

  it('is detected as apps/web of the workspace at the repository root', () => {
    expect(image.detection).toMatchObject({
      kind: 'node',
      packageManager: { name: fixture.manager },
      workspace: { root: '', app: { name: '@aether-fixture/web', path: 'apps/web' } },
    });
  });

  it('answers with the text of the workspace package it imports', async () => {
    expect(await body(app.port)).toContain(`aether-fixture:${fixture.name}`);
    expect((await get(app.port, 'localhost', '/health')).status).toBe(200);
  });

  it('runs unprivileged from the app folder', async () => {
    expect(await exitCode(app.container, ['sh', '-c', 'test "$(pwd)" = /app/apps/web && test "$(id -u)" != 0'])).toBe(0);
  });
});

describe('npm-workspace: what the image holds', () => {
  let app: { container: Docker.Container; port: number };

  beforeAll(async () => {
    app = await runImage(await buildWeb(repository('npm-workspace'), 'npm-workspace'));
  }, 600_000);

  afterAll(async () => {
    await app?.container.remove({ force: true });
  });

  it("the app's production dependencies, not its devDependencies", async () => {
    expect(await exitCode(app.container, ['node', '-e', "require.resolve('express')"])).toBe(0);
    expect(await exitCode(app.container, ['node', '-e', "require.resolve('typescript')"])).not.toBe(0);
  });

  it('the workspace package it uses, built, and not the one it does not', async () => {
    expect(await exitCode(app.container, ['test', '-f', '/app/packages/greeting/dist/index.js'])).toBe(0);
    expect(await exitCode(app.container, ['test', '-e', '/app/packages/unused/index.js'])).not.toBe(0);
  });
});

describe('npm-workspace: a source change in a workspace package', () => {
  it('rebuilds the package and reuses the install layers', async () => {
    const repo = repository('npm-workspace');
    await buildWeb(repo, 'npm-workspace');
    // New text on every run, so that BuildKit cannot have built this source before.
    const changed = `aether-fixture:npm-workspace, changed ${randomUUID()}`;
    writeFileSync(join(repo, 'packages/greeting/src/greeting.txt'), `${changed}\n`);
    commitAll(repo, 'Change the greeting');
    const lines: BuildLogLine[] = [];
    const image = await buildWeb(repo, 'npm-workspace', lines);

    // BuildKit names a step by its instruction, exec-form arguments as written.
    const installs = outcomes(lines, /RUN .*\["npm","ci"/);
    expect(installs).toHaveLength(2);
    expect(installs).toEqual(['CACHED', 'CACHED']);
    expect(outcomes(lines, /RUN \["npm","run","build","--workspace","@aether-fixture\/greeting"\]/)).toEqual([expect.stringMatching(/^DONE /)]);
    const { container, port } = await runImage(image);
    try {
      expect(await body(port)).toContain(changed);
    } finally {
      await container.remove({ force: true });
    }
  }, 600_000);
});
