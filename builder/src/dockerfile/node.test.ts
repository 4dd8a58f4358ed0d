import { describe, expect, it } from 'vitest';
import { detected, finalStage, generated, IMAGES, lineIndex, stageNamed, stages } from './dockerfile-stages.test-support.js';
import { generateDockerfile, renderDockerfile } from './index.js';

const pkg = (value: object) => JSON.stringify(value);
const EXPRESS = {
  'package.json': pkg({ dependencies: { express: '4' }, scripts: { start: 'node server.js', build: 'tsc' } }),
  'package-lock.json': '{}',
};
const NEXT = { 'package.json': pkg({ dependencies: { next: '15' }, scripts: { build: 'next build' } }), 'package-lock.json': '{}' };
const VITE = { 'package.json': pkg({ devDependencies: { vite: '5' }, scripts: { build: 'vite build' } }), 'package-lock.json': '{}' };

const generate = (files: Record<string, string>, settings = {}) => generated(detected(files), settings);

describe('Node.js dependency layer', () => {
  // [case, files besides package.json, package.json fields, files copied, cache mount, install argv]
  it.each([
    ['npm', { 'package-lock.json': '{}' }, {}, 'package.json package-lock.json', '/root/.npm', ['npm', 'ci']],
    ['npm without a lockfile', {}, {}, 'package.json', '/root/.npm', ['npm', 'install']],
    [
      'pnpm',
      { 'pnpm-lock.yaml': '' },
      {},
      'package.json pnpm-lock.yaml',
      '/root/.local/share/pnpm/store',
      ['pnpm', 'install', '--frozen-lockfile'],
    ],
    [
      'yarn 1',
      { 'yarn.lock': '' },
      {},
      'package.json yarn.lock',
      '/usr/local/share/.cache/yarn',
      ['yarn', 'install', '--frozen-lockfile'],
    ],
    [
      'yarn 4',
      { 'yarn.lock': '' },
      { packageManager: 'yarn@4.1.0' },
      'package.json yarn.lock',
      '/root/.yarn/berry/cache',
      ['yarn', 'install', '--immutable'],
    ],
    [
      'bun',
      { 'bun.lock': '' },
      {},
      'package.json bun.lock',
      '/root/.bun/install/cache',
      ['bun', 'install', '--frozen-lockfile'],
    ],
  ])('%s: copies the manifest and lockfile, then installs with a cache mount', (_, files, fields, copied, cache, argv) => {
    const manifest = pkg({ ...fields, dependencies: { express: '4' }, scripts: { start: 'node .' } });
    const dockerfile = generate({ 'package.json': manifest, ...files });
    expect(stageNamed(dockerfile, 'deps').lines).toEqual([
      `COPY ${copied} ./`,
      `RUN --mount=type=cache,target=${cache} ${JSON.stringify(argv)}`,
    ]);
  });

  it('enables Corepack for pnpm and yarn, installs bun with npm, and needs nothing for npm', () => {
    const base = (lockfile: string, fields = {}) =>
      stageNamed(generate({ 'package.json': pkg({ ...fields, scripts: { start: 'node .' } }), [lockfile]: '' }), 'base').lines;
    expect(base('pnpm-lock.yaml')).toContain('RUN ["corepack","enable"]');
    expect(base('yarn.lock')).toContain('RUN ["corepack","enable"]');
    expect(base('bun.lockb', { packageManager: 'bun@1.1.38' })).toContain('RUN ["npm","install","--global","bun@1.1.38"]');
    expect(base('package-lock.json')).toEqual(['WORKDIR /app', expect.stringMatching(/^ENV NPM_CONFIG_UPDATE_NOTIFIER=false/)]);
  });

  it("copies the manager's settings and patches into the dependency layer, a folder to a folder", () => {
    const dockerfile = generate({ ...EXPRESS, '.npmrc': 'engine-strict=true', 'patches/express+4.0.0.patch': '' });
    expect(stageNamed(dockerfile, 'deps').lines.slice(0, 2)).toEqual(['COPY package.json package-lock.json .npmrc ./', 'COPY patches ./patches/']);
    expect(stageNamed(dockerfile, 'prod-deps').lines).toContain('COPY patches ./patches/');
  });

  it("installs a Yarn Plug'n'Play project as node_modules, which plain node and Next.js tracing read", () => {
    const files = (rc: string) => ({
      'package.json': pkg({ packageManager: 'yarn@4.5.3', dependencies: { express: '4' }, scripts: { start: 'node .' } }),
      'yarn.lock': '',
      '.yarnrc.yml': rc,
    });
    expect(stageNamed(generate(files('enableTelemetry: false\n')), 'base').lines).toContain('ENV YARN_NODE_LINKER=node-modules');
    expect(stageNamed(generate(files('nodeLinker: pnpm\n')), 'base').lines).not.toContain('ENV YARN_NODE_LINKER=node-modules');
  });

  it("keeps Yarn's in-repository cache out of the final image", () => {
    const dockerfile = generate({
      'package.json': pkg({ packageManager: 'yarn@4.5.3', dependencies: { express: '4' }, scripts: { start: 'node .' } }),
      'yarn.lock': '',
      '.yarn/cache/express.zip': '',
    });
    expect(stageNamed(dockerfile, 'deps').lines).toContain('COPY .yarn/cache ./.yarn/cache/');
    expect(stageNamed(dockerfile, 'build').lines.at(-1)).toBe('RUN ["rm","-rf","node_modules",".yarn/cache",".yarn/install-state.gz"]');
  });

  it('copies only the manifest before installing; the source comes after, in the build stage', () => {
    const dockerfile = generate(EXPRESS);
    const all = stages(dockerfile).flatMap((stage) => stage.lines);
    const manifest = all.indexOf('COPY package.json package-lock.json ./');
    const install = all.findIndex((line) => line.endsWith('["npm","ci"]'));
    const source = all.indexOf('COPY . .');
    expect(manifest).toBeGreaterThanOrEqual(0);
    expect(manifest).toBeLessThan(install);
    expect(install).toBeLessThan(source);
    expect(stageNamed(dockerfile, 'deps').lines).not.toContain('COPY . .');
  });

  it('takes the Node.js major from the project into the image tag', () => {
    const manifest = pkg({ engines: { node: '22.x' }, dependencies: { next: '15' }, scripts: { build: 'next build' } });
    const dockerfile = generate({ 'package.json': manifest });
    const froms = stages(dockerfile).map((stage) => stage.from);
    expect(froms).toContain('FROM node:22-bookworm-slim AS base');
    expect(froms.at(-1)).toBe('FROM node:22-bookworm-slim');
  });
});

describe('a build script of a tool Aether does not know', () => {
  const PARCEL = {
    'package.json': pkg({ devDependencies: { parcel: '2' }, scripts: { build: 'parcel build src/index.html' } }),
    'package-lock.json': '{}',
    'src/index.html': '',
  };

  it('serves what it writes to dist/, or the output directory the settings name', () => {
    expect(finalStage(generate(PARCEL)).lines).toContain('COPY --from=build /app/dist /public');
    expect(finalStage(generate(PARCEL, { outputDir: 'public' })).lines).toContain('COPY --from=build /app/public /public');
  });

  it('runs a server instead when the settings give a start command', () => {
    const final = finalStage(generate(PARCEL, { startCommand: 'node build/server.js' }));
    expect(final.lines.at(-1)).toBe('CMD ["sh","-c","node build/server.js"]');
    expect(final.lines).toContain('COPY --from=prod-deps --chown=node:node /app/node_modules ./node_modules');
  });
});

describe('Node.js server', () => {
  it('reads as a whole', () => {
    expect(renderDockerfile(generate(EXPRESS))).toBe(`# Aether detected: Node.js 24, express server, npm with package-lock.json

FROM node:24-bookworm-slim AS base
WORKDIR /app
ENV NPM_CONFIG_UPDATE_NOTIFIER=false NPM_CONFIG_AUDIT=false NPM_CONFIG_FUND=false

FROM base AS deps
COPY package.json package-lock.json ./
RUN --mount=type=cache,target=/root/.npm ["npm","ci"]

FROM deps AS build
COPY . .
RUN ["npm","run","build"]
# The final image gets production dependencies from prod-deps instead.
RUN ["rm","-rf","node_modules"]

FROM base AS prod-deps
ENV NODE_ENV=production
COPY package.json package-lock.json ./
RUN --mount=type=cache,target=/root/.npm ["npm","ci","--omit=dev"]
# A project without dependencies has no node_modules, but the final stage copies it.
RUN ["mkdir","-p","node_modules"]

FROM base
ENV NODE_ENV=production
ENV PORT=3000
COPY --from=build --chown=node:node /app ./
COPY --from=prod-deps --chown=node:node /app/node_modules ./node_modules
USER node
EXPOSE 3000
CMD ["npm","run","start"]
`);
  });

  it("does not ship the build stage's node_modules, only production dependencies", () => {
    const dockerfile = generate(EXPRESS);
    const build = stageNamed(dockerfile, 'build');
    expect(lineIndex(build, /\["rm","-rf","node_modules"\]/)).toBeGreaterThan(lineIndex(build, /\["npm","run","build"\]/));
    expect(build.lines.at(-1)).toBe('RUN ["rm","-rf","node_modules"]');
    const modules = finalStage(dockerfile).lines.filter((line) => line.includes('node_modules'));
    expect(modules).toEqual(['COPY --from=prod-deps --chown=node:node /app/node_modules ./node_modules']);
  });

  it.each([
    ['pnpm-lock.yaml', {}, '["pnpm","install","--frozen-lockfile","--prod"]'],
    ['yarn.lock', {}, '["yarn","install","--frozen-lockfile","--production"]'],
    ['yarn.lock', { packageManager: 'yarn@4.1.0' }, '["yarn","workspaces","focus","--all","--production"]'],
    ['bun.lockb', {}, '["bun","install","--frozen-lockfile","--production"]'],
  ])('%s: installs production dependencies with the same manager', (lockfile, fields, install) => {
    const dockerfile = generate({ 'package.json': pkg({ ...fields, scripts: { start: 'node .' } }), [lockfile]: '' });
    const installs = stageNamed(dockerfile, 'prod-deps').lines.filter((line) => line.startsWith('RUN --mount'));
    expect(installs).toEqual([expect.stringMatching(new RegExp(` ${install.replace(/[[\]]/g, '\\$&')}$`))]);
  });

  it('skips the build when there is no build script, and starts from main or a framework entry', () => {
    const dockerfile = generate({ 'package.json': pkg({ main: 'src/index.js' }) });
    expect(stageNamed(dockerfile, 'build').lines).toEqual(['COPY . .', 'RUN ["rm","-rf","node_modules"]']);
    expect(finalStage(dockerfile).lines.at(-1)).toBe('CMD ["node","src/index.js"]');
    const nuxt = generate({ 'package.json': pkg({ dependencies: { nuxt: '3' }, scripts: { build: 'nuxt build' } }) });
    expect(finalStage(nuxt).lines.at(-1)).toBe('CMD ["node",".output/server/index.mjs"]');
  });

  it('puts a custom start command verbatim into an exec array', () => {
    const startCommand = `node dist/server.js --name "it's \`hostname\`" --port $PORT`;
    const cmd = finalStage(generate(EXPRESS, { startCommand })).lines.at(-1) ?? '';
    expect(cmd.startsWith('CMD [')).toBe(true);
    expect(JSON.parse(cmd.slice('CMD '.length))).toEqual(['sh', '-c', startCommand]);
  });

  it('runs a custom install and build command in their stages, production install included', () => {
    const dockerfile = generate(EXPRESS, { installCommand: 'npm install --legacy-peer-deps', buildCommand: 'npm run compile' });
    expect(stageNamed(dockerfile, 'deps').lines).toContain(
      'RUN --mount=type=cache,target=/root/.npm ["sh","-c","npm install --legacy-peer-deps"]',
    );
    const prod = stageNamed(dockerfile, 'prod-deps');
    expect(lineIndex(prod, /^ENV NODE_ENV=production$/)).toBeLessThan(lineIndex(prod, /legacy-peer-deps/));
    expect(stageNamed(dockerfile, 'build').lines).toContain('RUN ["sh","-c","npm run compile"]');
  });

  it('asks for a start command when nothing says how to start, and refuses an output directory', () => {
    const bare = { 'package.json': pkg({ dependencies: { express: '4' } }) };
    expect(() => generate(bare)).toThrow(/^startCommand is required/);
    expect(() => generate(bare, { startCommand: 'node app.js' })).not.toThrow();
    expect(() => generate(EXPRESS, { outputDir: 'dist' })).toThrow(/^outputDir does not apply/);
  });
});

describe('Next.js', () => {
  it('builds with standalone output traced', () => {
    const build = stageNamed(generate(NEXT), 'build');
    expect(lineIndex(build, /^ENV NEXT_PRIVATE_STANDALONE=true$/)).toBeLessThan(lineIndex(build, /\["npm","run","build"\]/));
  });

  it('runs only the standalone server, its static files and public/, on all interfaces', () => {
    const final = finalStage(generate(NEXT));
    expect(final.from).toBe('FROM node:24-bookworm-slim');
    expect(final.lines.filter((line) => line.startsWith('COPY'))).toEqual([
      'COPY --from=build --chown=node:node /app/.next/standalone ./',
      'COPY --from=build --chown=node:node /app/.next/static ./.next/static',
      'COPY --from=build --chown=node:node /app/public ./public',
    ]);
    expect(final.lines).toContain('ENV HOSTNAME=0.0.0.0');
    expect(final.lines.at(-1)).toBe('CMD ["node","server.js"]');
  });

  it('makes sure public/ exists for the final COPY', () => {
    expect(stageNamed(generate(NEXT), 'build').lines.at(-1)).toBe('RUN ["mkdir","-p","public"]');
  });

  it('needs a build script or command', () => {
    const files = { 'package.json': pkg({ dependencies: { next: '15' } }) };
    expect(() => generate(files)).toThrow(/^buildCommand is required/);
    expect(stageNamed(generate(files, { buildCommand: 'next build' }), 'build').lines).toContain('RUN ["sh","-c","next build"]');
  });
});

describe('static builds (SPA)', () => {
  it('serves the output directory with static-web-server and an index.html fallback', () => {
    const final = finalStage(generate(VITE));
    expect(final.from).toBe(`FROM ${IMAGES.static}`);
    expect(final.lines).toEqual(
      expect.arrayContaining([
        'ENV SERVER_PORT=8080',
        'ENV SERVER_ROOT=/public',
        'ENV SERVER_CACHE_CONTROL_HEADERS=true',
        'ENV SERVER_FALLBACK_PAGE=/public/index.html',
        'COPY --from=build /app/dist /public',
        'USER 65534:65534',
      ]),
    );
  });

  it('copies the directory each framework builds to, or the one the settings name', () => {
    const cra = { 'package.json': pkg({ dependencies: { 'react-scripts': '5' }, scripts: { build: 'react-scripts build' } }) };
    expect(finalStage(generate(cra)).lines).toContain('COPY --from=build /app/build /public');
    expect(finalStage(generate(VITE, { outputDir: 'web/out' })).lines).toContain('COPY --from=build /app/web/out /public');
  });

  it("answers a multi-page site's missing pages with its own 404 page, and a single-page app's with its shell", () => {
    const astro = { 'package.json': pkg({ dependencies: { astro: '5' }, scripts: { build: 'astro build' } }) };
    expect(finalStage(generate(astro)).lines).toContain('ENV SERVER_ERROR_PAGE_404=/public/404.html');
    expect(finalStage(generate(astro)).lines.join('\n')).not.toContain('SERVER_FALLBACK_PAGE');
    expect(finalStage(generate(VITE)).lines.join('\n')).not.toContain('SERVER_ERROR_PAGE_404');
    const kit = {
      'package.json': pkg({ devDependencies: { '@sveltejs/kit': '2', '@sveltejs/adapter-static': '3' }, scripts: { build: 'vite build' } }),
      'svelte.config.js': "export default { kit: { adapter: adapter({ fallback: '200.html' }) } };",
    };
    expect(finalStage(generate(kit)).lines).toContain('ENV SERVER_FALLBACK_PAGE=/public/200.html');
  });

  it('refuses a start command: static-web-server serves the files', () => {
    expect(() => generate(VITE, { startCommand: 'vite preview' })).toThrow(/^startCommand does not apply/);
  });
});

describe('a Next.js Dockerfile as a whole', () => {
  const text = (files: Record<string, string>, root = '') => renderDockerfile(generated(detected(files, root))).split('\n');
  const commands = (files: Record<string, string>, root = '', settings = {}) => generateDockerfile(detected(files, root), IMAGES, settings).commands;
  const image = 'node:24-bookworm-slim';
  const NEXT_APP = pkg({ name: '@acme/web', dependencies: { next: '15' }, scripts: { build: 'next build' } });
  const WORKSPACE = { 'package.json': pkg({ workspaces: ['apps/*'] }), 'package-lock.json': '{}', 'apps/web/package.json': NEXT_APP };

  it('builds the standalone server, then runs it alone as the node user', () => {
    expect(text(NEXT)).toEqual([
      '# Aether detected: Node.js 24, Next.js (standalone server), npm with package-lock.json',
      '',
      `FROM ${image} AS base`,
      'WORKDIR /app',
      'ENV NPM_CONFIG_UPDATE_NOTIFIER=false NPM_CONFIG_AUDIT=false NPM_CONFIG_FUND=false',
      '',
      'FROM base AS deps',
      'COPY package.json package-lock.json ./',
      'RUN --mount=type=cache,target=/root/.npm ["npm","ci"]',
      '',
      'FROM deps AS build',
      'COPY . .',
      'ENV NEXT_PRIVATE_STANDALONE=true',
      'RUN ["npm","run","build"]',
      '# public/ is optional in a Next.js app, but the final stage copies it.',
      'RUN ["mkdir","-p","public"]',
      '',
      `FROM ${image}`,
      'WORKDIR /app',
      'ENV NODE_ENV=production',
      'ENV PORT=3000',
      'ENV HOSTNAME=0.0.0.0',
      'COPY --from=build --chown=node:node /app/.next/standalone ./',
      'COPY --from=build --chown=node:node /app/.next/static ./.next/static',
      'COPY --from=build --chown=node:node /app/public ./public',
      'USER node',
      'EXPOSE 3000',
      'CMD ["node","server.js"]',
      '',
    ]);
    expect(commands(NEXT)).toEqual({ install: ['npm', 'ci'], builds: [['npm', 'run', 'build']], start: ['node', 'server.js'], outputDir: null });
    expect(commands(NEXT, '', { startCommand: 'node custom.js' }).start).toEqual(['sh', '-c', 'node custom.js']);
  });

  it('traces a workspace package from the workspace root, so its server sits at the package path', () => {
    const lines = text(WORKSPACE, 'apps/web');
    expect(lines.slice(lines.indexOf('FROM deps AS build'))).toEqual([
      'FROM deps AS build',
      'COPY . .',
      'WORKDIR /app/apps/web',
      'ENV NEXT_PRIVATE_STANDALONE=true',
      'ENV NEXT_PRIVATE_OUTPUT_TRACE_ROOT=/app',
      'RUN ["npm","run","build","--workspace","@acme/web"]',
      '# public/ is optional in a Next.js app, but the final stage copies it.',
      'RUN ["mkdir","-p","public"]',
      '',
      `FROM ${image}`,
      'WORKDIR /app',
      'ENV NODE_ENV=production',
      'ENV PORT=3000',
      'ENV HOSTNAME=0.0.0.0',
      'COPY --from=build --chown=node:node /app/apps/web/.next/standalone ./',
      'COPY --from=build --chown=node:node /app/apps/web/.next/static ./apps/web/.next/static',
      'COPY --from=build --chown=node:node /app/apps/web/public ./apps/web/public',
      'USER node',
      'EXPOSE 3000',
      'CMD ["node","apps/web/server.js"]',
      '',
    ]);
    expect(commands(WORKSPACE, 'apps/web').start).toEqual(['node', 'apps/web/server.js']);
  });

  it('refuses settings that do not apply, saying why', () => {
    expect(() => generate(NEXT, { outputDir: 'out' })).toThrow('outputDir does not apply: Next.js output is .next/standalone, run by its own server');
    expect(() => generate(EXPRESS, { outputDir: 'dist' })).toThrow('outputDir does not apply: a Node.js server runs from its own files, not an output directory');
    expect(() => generate(VITE, { startCommand: 'vite preview' })).toThrow('startCommand does not apply: a vite build is static files, served by static-web-server');
  });
});

describe('the Node.js header', () => {
  const header = (files: Record<string, string>, root = '') => generated(detected(files, root)).header;
  const ROOT = { workspaces: ['apps/*'] };
  const WEB = { 'apps/web/package.json': pkg({ name: '@acme/web', dependencies: { express: '4' }, scripts: { start: 'node server.js' } }) };

  it.each([
    [VITE, '', 'Node.js 24, vite single-page app built to dist/, every unknown path answered by index.html, npm with package-lock.json'],
    [{ 'package.json': pkg({ dependencies: { gatsby: '5' }, scripts: { build: 'gatsby build' } }) }, '', 'Node.js 24, gatsby site built to public/, missing pages answered by 404.html with 404, npm without a lockfile'],
    [{ 'package.json': pkg({ scripts: { start: 'node index.js' } }) }, '', 'Node.js 24, Node.js server, npm without a lockfile'],
    [{ 'yarn.lock': '', 'package.json': pkg({ dependencies: { express: '4' }, scripts: { start: 'node server.js' }, packageManager: 'yarn@4.1.0' }) }, '', 'Node.js 24, express server, yarn 4.1.0 with yarn.lock'],
    [{ 'package.json': pkg({ ...ROOT, devDependencies: { turbo: '2' } }), 'turbo.json': '{}', 'package-lock.json': '{}', ...WEB }, 'apps/web', 'Node.js 24, express server, npm with package-lock.json, package @acme/web of a workspace built by Turborepo'],
    [{ 'package.json': pkg({ ...ROOT, devDependencies: { nx: '21' } }), 'nx.json': '{}', 'package-lock.json': '{}', ...WEB }, 'apps/web', 'Node.js 24, express server, npm with package-lock.json, package @acme/web of a workspace built by Nx'],
  ])('says what it found: %j', (files, root, found) => {
    expect(header(files, root)).toBe(`Aether detected: ${found}`);
  });
});
