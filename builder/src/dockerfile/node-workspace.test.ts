import { describe, expect, it } from 'vitest';
import { detected, finalStage, generated, lineIndex, stageNamed } from './dockerfile-stages.test-support.js';
import { renderDockerfile } from './index.js';

const pkg = (value: object) => JSON.stringify(value);
const MEMBERS = {
  'apps/web/package.json': pkg({
    name: '@acme/web',
    dependencies: { '@acme/greeting': '*', express: '5' },
    scripts: { build: 'tsc', start: 'node server.js' },
  }),
  'apps/admin/package.json': pkg({ name: '@acme/admin' }),
  'packages/greeting/package.json': pkg({ name: '@acme/greeting', dependencies: { '@acme/words': '*' }, scripts: { build: 'tsc' } }),
  'packages/words/package.json': pkg({ name: '@acme/words' }),
};
const NPM = { 'package.json': pkg({ workspaces: ['apps/*', 'packages/*'] }), 'package-lock.json': '{}', ...MEMBERS };
const PNPM = {
  'package.json': pkg({ packageManager: 'pnpm@9.15.9' }),
  'pnpm-lock.yaml': '',
  'pnpm-workspace.yaml': "packages:\n  - 'apps/*'\n  - 'packages/*'\n",
  ...MEMBERS,
};

const generate = (files: Record<string, string>, settings = {}) => generated(detected(files, 'apps/web'), settings);
const withWeb = (files: Record<string, string>, web: object) => ({ ...files, 'apps/web/package.json': pkg({ name: '@acme/web', ...web }) });

describe('a workspace package (npm)', () => {
  it('reads as a whole', () => {
    expect(renderDockerfile(generate(NPM))).toBe(`# Aether detected: Node.js 24, express server, npm with package-lock.json, package @acme/web of a workspace

FROM node:24-bookworm-slim AS base
WORKDIR /app
ENV NPM_CONFIG_UPDATE_NOTIFIER=false NPM_CONFIG_AUDIT=false NPM_CONFIG_FUND=false

FROM base AS deps
COPY package.json package-lock.json ./
COPY apps/admin/package.json apps/admin/
COPY apps/web/package.json apps/web/
COPY packages/greeting/package.json packages/greeting/
COPY packages/words/package.json packages/words/
RUN --mount=type=cache,target=/root/.npm ["npm","ci","--workspace","@acme/web","--include-workspace-root"]

FROM deps AS build
COPY . .
WORKDIR /app/apps/web
RUN ["npm","run","build","--workspace","@acme/greeting"]
RUN ["npm","run","build","--workspace","@acme/web"]
# The final image gets production dependencies from prod-deps instead.
RUN ["rm","-rf","/app/packages/words/node_modules","/app/packages/greeting/node_modules","/app/apps/web/node_modules"]

FROM base AS prod-deps
ENV NODE_ENV=production
COPY package.json package-lock.json ./
COPY apps/admin/package.json apps/admin/
COPY apps/web/package.json apps/web/
COPY packages/greeting/package.json packages/greeting/
COPY packages/words/package.json packages/words/
RUN --mount=type=cache,target=/root/.npm ["npm","ci","--omit=dev","--workspace","@acme/web"]

FROM base
ENV NODE_ENV=production
ENV PORT=3000
COPY --from=prod-deps --chown=node:node /app ./
COPY --from=build --chown=node:node /app/packages/words ./packages/words
COPY --from=build --chown=node:node /app/packages/greeting ./packages/greeting
COPY --from=build --chown=node:node /app/apps/web ./apps/web
WORKDIR /app/apps/web
USER node
EXPOSE 3000
CMD ["npm","run","start"]
`);
  });

  it('installs from manifests and the lockfile only, so a source change in any package reuses the layer', () => {
    for (const files of [NPM, PNPM]) {
      const copies = stageNamed(generate(files), 'deps').lines.filter((line) => line.startsWith('COPY '));
      expect(copies.length).toBe(5);
      for (const copy of copies) expect(copy).toMatch(/^COPY ((\S+\/)?(package\.json|package-lock\.json|pnpm-lock\.yaml|pnpm-workspace\.yaml) )+\S*\/$/);
    }
  });

  it("runs a build command from the settings in the app's folder, instead of every build script", () => {
    const build = stageNamed(generate(NPM, { buildCommand: 'turbo run build --filter @acme/web' }), 'build');
    expect(lineIndex(build, /^WORKDIR \/app\/apps\/web$/)).toBeLessThan(lineIndex(build, /turbo run build/));
    expect(build.lines.filter((line) => line.includes('npm","run","build'))).toEqual([]);
  });

  it('runs an install command from the settings at the workspace root, where the lockfile is', () => {
    const deps = stageNamed(generate(NPM, { installCommand: 'npm install' }), 'deps');
    expect(deps.lines.some((line) => line.startsWith('WORKDIR'))).toBe(false);
    expect(deps.lines.at(-1)).toBe('RUN --mount=type=cache,target=/root/.npm ["sh","-c","npm install"]');
  });

  it('installs unfrozen when the workspace has no lockfile', () => {
    const { 'package-lock.json': _, ...unlocked } = NPM;
    expect(stageNamed(generate(unlocked), 'deps').lines).toContain('COPY package.json ./');
    expect(stageNamed(generate(unlocked), 'deps').lines.at(-1)).toMatch(/\["npm","install","--workspace","@acme\/web","--include-workspace-root"\]$/);
  });
});

describe('each package manager in a workspace', () => {
  const YARN = { 'package.json': pkg({ workspaces: ['apps/*', 'packages/*'] }), 'yarn.lock': '', ...MEMBERS };
  const YARN_4 = { ...YARN, 'package.json': pkg({ workspaces: ['apps/*', 'packages/*'], packageManager: 'yarn@4.5.0' }) };
  const YARN_3 = { ...YARN, 'yarn.lock': '__metadata:\n  version: 6\n  cacheKey: 8\n' };
  const BUN = { 'package.json': pkg({ workspaces: ['apps/*', 'packages/*'] }), 'bun.lock': '', ...MEMBERS };
  const argv = (line: string | undefined) => JSON.parse((line ?? '').replace(/^RUN (--mount=\S+ )*/, '')) as string[];

  it.each([
    [
      'pnpm',
      PNPM,
      ['pnpm', 'install', '--frozen-lockfile', '--filter', '@acme/web...'],
      ['pnpm', 'install', '--frozen-lockfile', '--prod', '--filter', '@acme/web...'],
      ['pnpm', '--filter', '@acme/web', 'run', 'build'],
    ],
    [
      'yarn 1',
      YARN,
      ['yarn', 'install', '--frozen-lockfile'],
      ['yarn', 'install', '--frozen-lockfile', '--production'],
      ['yarn', 'workspace', '@acme/web', 'run', 'build'],
    ],
    [
      'yarn 4',
      YARN_4,
      ['yarn', 'install', '--immutable'],
      ['yarn', 'workspaces', 'focus', '@acme/web', '--production'],
      ['yarn', 'workspace', '@acme/web', 'run', 'build'],
    ],
    [
      'yarn 3, from its lockfile',
      YARN_3,
      ['yarn', 'install', '--immutable'],
      ['yarn', 'install', '--immutable'],
      ['yarn', 'workspace', '@acme/web', 'run', 'build'],
    ],
    [
      'bun',
      BUN,
      ['bun', 'install', '--frozen-lockfile'],
      ['bun', 'install', '--frozen-lockfile', '--production'],
      ['bun', 'run', '--filter', '@acme/web', 'build'],
    ],
  ])('%s: installs, installs for production and builds the app', (_, files, install, production, build) => {
    const dockerfile = generate(files);
    expect(argv(stageNamed(dockerfile, 'deps').lines.at(-1))).toEqual(install);
    expect(argv(stageNamed(dockerfile, 'prod-deps').lines.find((line) => line.startsWith('RUN --mount')))).toEqual(production);
    expect(stageNamed(dockerfile, 'build').lines.filter((line) => line.startsWith('RUN [')).map(argv).at(-2)).toEqual(build);
  });

  it("lets Turborepo run the app's build and what its pipeline puts before it", () => {
    const root = pkg({ workspaces: ['apps/*', 'packages/*'], devDependencies: { turbo: '2' } });
    const build = stageNamed(generate({ ...NPM, 'package.json': root, 'turbo.json': '{}' }), 'build');
    const turbo = lineIndex(build, /^RUN \["\/app\/node_modules\/.bin\/turbo","run","build","--filter=@acme\/web"\]$/);
    expect(lineIndex(build, /^ENV TURBO_TELEMETRY_DISABLED=1/)).toBeLessThan(turbo);
    // The package manager's builds are not run as well.
    expect(build.lines.filter((line) => line.includes('"build"'))).toHaveLength(1);
    // turbo.json alone, without turbo installed, leaves the builds to the package manager.
    expect(stageNamed(generate({ ...NPM, 'turbo.json': '{}' }), 'build').lines.join('\n')).not.toContain('turbo');
  });

  it('lets Nx build the project in the app folder, by the name Nx gives it there', () => {
    const root = pkg({ workspaces: ['apps/*', 'packages/*'], devDependencies: { nx: '21' } });
    const build = stageNamed(generate({ ...NPM, 'package.json': root, 'nx.json': '{}' }), 'build');
    const nx = lineIndex(build, /^RUN \["\/app\/node_modules\/.bin\/nx","build"\]$/);
    expect(lineIndex(build, /^WORKDIR \/app\/apps\/web$/)).toBeLessThan(nx);
    expect(lineIndex(build, /^ENV NX_DAEMON=false/)).toBeLessThan(nx);
    expect(build.lines.filter((line) => line.includes('"build"'))).toHaveLength(1);
  });

  it('leaves the build to no task runner when nothing of the app needs building', () => {
    const root = pkg({ workspaces: ['apps/*', 'packages/*'], devDependencies: { turbo: '2' } });
    const files = withWeb({ ...NPM, 'package.json': root, 'turbo.json': '{}' }, { dependencies: { express: '5' }, scripts: { start: 'node server.js' } });
    expect(stageNamed(generate(files), 'build').lines).toEqual(['COPY . .', 'WORKDIR /app/apps/web', 'RUN ["rm","-rf","/app/apps/web/node_modules"]']);
  });

  it("removes Yarn 2+'s in-repository cache and install state from what ships, and nothing for npm", () => {
    const prodDeps = (files: Record<string, string>) => stageNamed(generate(files), 'prod-deps').lines.filter((line) => line.startsWith('RUN'));
    expect(prodDeps(YARN_4)).toEqual([
      'RUN --mount=type=cache,target=/root/.yarn/berry/cache ["yarn","workspaces","focus","@acme/web","--production"]',
      'RUN ["rm","-rf",".yarn/cache",".yarn/install-state.gz"]',
    ]);
    expect(prodDeps(NPM)).toEqual(['RUN --mount=type=cache,target=/root/.npm ["npm","ci","--omit=dev","--workspace","@acme/web"]']);
  });

  it('copies pnpm-workspace.yaml with the lockfile for pnpm', () => {
    expect(stageNamed(generate(PNPM), 'deps').lines[0]).toBe('COPY package.json pnpm-lock.yaml pnpm-workspace.yaml ./');
  });
});

describe('what a workspace package ships', () => {
  it('runs from its own folder with the workspace packages it uses, not the others', () => {
    const copies = finalStage(generate(NPM)).lines.filter((line) => line.startsWith('COPY --from=build'));
    expect(copies.join('\n')).not.toContain('admin');
    expect(finalStage(generate(NPM)).lines).toContain('WORKDIR /app/apps/web');
  });

  it('serves an SPA from its output folder inside the package', () => {
    const files = withWeb(NPM, { devDependencies: { vite: '6' }, scripts: { build: 'vite build' } });
    expect(finalStage(generate(files)).lines).toContain('COPY --from=build /app/apps/web/dist /public');
    expect(finalStage(generate(files, { outputDir: 'build/client' })).lines).toContain('COPY --from=build /app/apps/web/build/client /public');
  });

  it('traces a Next.js server from the workspace root and starts it at the package path', () => {
    const dockerfile = generate(withWeb(PNPM, { dependencies: { next: '15' }, scripts: { build: 'next build' } }));
    const build = stageNamed(dockerfile, 'build');
    expect(lineIndex(build, /^ENV NEXT_PRIVATE_OUTPUT_TRACE_ROOT=\/app$/)).toBeLessThan(lineIndex(build, /"run","build"/));
    const final = finalStage(dockerfile);
    expect(final.lines.filter((line) => line.startsWith('COPY'))).toEqual([
      'COPY --from=build --chown=node:node /app/apps/web/.next/standalone ./',
      'COPY --from=build --chown=node:node /app/apps/web/.next/static ./apps/web/.next/static',
      'COPY --from=build --chown=node:node /app/apps/web/public ./apps/web/public',
    ]);
    expect(final.lines.at(-1)).toBe('CMD ["node","apps/web/server.js"]');
  });

  it('still needs a build script or command for an SPA or Next.js', () => {
    expect(() => generate(withWeb(NPM, { dependencies: { next: '15' } }))).toThrow(/^buildCommand is required/);
  });
});

describe('a workspace root that runs as a whole', () => {
  const ROOT = { ...NPM, 'package.json': pkg({ workspaces: ['apps/*', 'packages/*'], scripts: { start: 'node apps/web/server.js' } }) };

  it("installs every member from its manifest before the install runs, and runs the root's own start", () => {
    const file = generated(detected(ROOT, ''), {});
    expect(stageNamed(file, 'deps').lines).toEqual([
      'COPY package.json package-lock.json ./',
      'COPY apps/admin/package.json apps/admin/',
      'COPY apps/web/package.json apps/web/',
      'COPY packages/greeting/package.json packages/greeting/',
      'COPY packages/words/package.json packages/words/',
      'RUN --mount=type=cache,target=/root/.npm ["npm","ci"]',
    ]);
    expect(finalStage(file).lines.at(-1)).toBe('CMD ["npm","run","start"]');
  });
});
