import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { finalStage, generated, IMAGES, lineIndex, stageNamed } from '../dockerfile/dockerfile-stages.test-support.js';
import { commandText } from '../dockerfile/command-text.js';
import { generateDockerfile } from '../dockerfile/index.js';
import { diskTree } from '../source/disk-tree.js';
import { frameworkName } from './framework-name.js';
import { detect } from './index.js';

// The neighbour frameworks' apps in test/fixtures, as their generators (or, where a generator
// fetches from GitHub, their docs) write them, read from disk as a checkout is: what Aether
// finds, and the production mode it runs with no settings.

const fixtures = fileURLToPath(new URL('../../../test/fixtures/', import.meta.url));

function generatedFor(name: string) {
  const detection = detect(diskTree(`${fixtures}${name}`));
  if (detection.kind === 'dockerfile') throw new Error(`${name} brings its own Dockerfile`);
  return { detection, ...generateDockerfile(detection, IMAGES, {}) };
}

interface Expected {
  fixture: string;
  framework: string;
  /** The command the final image starts, as the settings' fields show it; null for static files. */
  start: string | null;
  /** The folder of static files served, when they are. */
  outputDir: string | null;
  port: number;
}

const apps: Expected[] = [
  { fixture: 'sveltekit-node', framework: 'SvelteKit', start: 'node build/index.js', outputDir: null, port: 3000 },
  { fixture: 'sveltekit-app', framework: 'SvelteKit', start: 'node build/index.js', outputDir: null, port: 3000 },
  { fixture: 'astro-node', framework: 'Astro', start: 'node dist/server/entry.mjs', outputDir: null, port: 3000 },
  { fixture: 'react-router-app', framework: 'React Router', start: 'npm run start', outputDir: null, port: 3000 },
  { fixture: 'nuxt-app', framework: 'Nuxt', start: 'node .output/server/index.mjs', outputDir: null, port: 3000 },
  { fixture: 'nest-app', framework: 'NestJS', start: 'node dist/main.js', outputDir: null, port: 3000 },
  { fixture: 'nest-monorepo', framework: 'NestJS', start: 'node dist/apps/nest-monorepo/main.js', outputDir: null, port: 3000 },
  // From its root: the integrated repository stands for apps/api, which Nx builds with webpack.
  { fixture: 'nx-starter', framework: 'Express', start: 'node dist/main.js', outputDir: null, port: 3000 },
  { fixture: 'docusaurus-site', framework: 'Docusaurus', start: null, outputDir: 'build', port: 8080 },
  { fixture: 'next-starter', framework: 'Next.js', start: 'node server.js', outputDir: null, port: 3000 },
  { fixture: 'gatsby-site', framework: 'Gatsby', start: null, outputDir: 'public', port: 8080 },
  { fixture: 'django-app', framework: 'Django', start: 'exec gunicorn --bind 0.0.0.0:$PORT mysite.wsgi', outputDir: null, port: 8000 },
  {
    fixture: 'streamlit-app',
    framework: 'Streamlit',
    start: 'exec streamlit run streamlit_app.py --server.port $PORT --server.address 0.0.0.0 --server.headless true --browser.gatherUsageStats false',
    outputDir: null,
    port: 8000,
  },
];

describe.each(apps)('$fixture, with no settings', ({ fixture, framework, start, outputDir, port }) => {
  it(`is ${framework}, started as its production mode on port ${port}`, () => {
    const found = generatedFor(fixture);
    expect(frameworkName(found.detection)).toBe(framework);
    expect(found.commands.start === null ? null : commandText(found.commands.start)).toBe(start);
    expect(found.commands.outputDir).toBe(outputDir);
    expect(found.port).toBe(port);
  });
});

describe("create-nx-workspace's Express app, deployed from the repository root", () => {
  it('builds apps/api with nx build in its folder and starts the server its webpack config writes', () => {
    const nx = generatedFor('nx-starter');
    expect(nx.detection).toMatchObject({ kind: 'node', buildScript: true, workspace: { app: { path: 'apps/api' }, taskRunner: 'nx' } });
    const build = stageNamed(nx.dockerfile, 'build');
    expect(lineIndex(build, /^WORKDIR \/app\/apps\/api$/)).toBeLessThan(lineIndex(build, /^RUN \["\/app\/node_modules\/.bin\/nx","build"\]$/));
  });

  // The production install leaves out tslib, a devDependency of the root that the bundle requires.
  it('ships the bundle with the files it requires, traced after the build, instead of the production install', () => {
    const nx = generatedFor('nx-starter');
    const build = stageNamed(nx.dockerfile, 'build');
    expect(lineIndex(build, /nx","build"\]$/)).toBeLessThan(lineIndex(build, /^RUN \["node","-e",.*"dist\/main.js"\]$/));
    expect(nx.dockerfile.stages.map((stage) => stage.name)).not.toContain('prod-deps');
    expect(finalStage(nx.dockerfile).lines).toEqual(
      expect.arrayContaining(['COPY --from=build --chown=node:node /aether-traced/ /app/', 'COPY --from=build --chown=node:node /app/apps/api/dist ./dist', 'CMD ["node","dist/main.js"]']),
    );
  });
});

describe('production modes that differ from the start script', () => {
  it("builds a SvelteKit starter's adapter-auto into adapter-node's server, and leaves adapter-node as it is", () => {
    const auto = generatedFor('sveltekit-app');
    expect(stageNamed(auto.dockerfile, 'build').lines).toContain('ENV GCP_BUILDPACKS=true');
    expect(auto.dockerfile.header).toContain('adapter-auto, built with adapter-node');
    expect(stageNamed(generatedFor('sveltekit-node').dockerfile, 'build').lines.join('\n')).not.toContain('GCP_BUILDPACKS');
  });

  it('takes the origin of SvelteKit pages from the proxy, and makes the Astro server listen beyond localhost', () => {
    expect(finalStage(generatedFor('sveltekit-node').dockerfile).lines).toContain('ENV PROTOCOL_HEADER=x-forwarded-proto HOST_HEADER=x-forwarded-host');
    expect(finalStage(generatedFor('astro-node').dockerfile).lines).toContain('ENV HOST=0.0.0.0');
  });

  it('never starts NestJS with nest start, whose CLI is a devDependency the image leaves out', () => {
    const nest = generatedFor('nest-app');
    expect(stageNamed(nest.dockerfile, 'build').lines).toContain('RUN ["npm","run","build"]');
    expect(finalStage(nest.dockerfile).lines.join('\n')).not.toContain('nest start');
  });

  it('serves a Docusaurus build as pages, its own 404.html for the rest', () => {
    expect(finalStage(generatedFor('docusaurus-site').dockerfile).lines).toContain('ENV SERVER_ERROR_PAGE_404=/public/404.html');
  });

  it("runs Django with the settings its wsgi.py names, through Aether's production layer", () => {
    const django = generatedFor('django-app');
    expect(finalStage(django.dockerfile).lines).toContain('ENV AETHER_DJANGO_SETTINGS=mysite.settings DJANGO_SETTINGS_MODULE=aether_django_settings');
    const build = stageNamed(django.dockerfile, 'build').lines.join('\n');
    expect(build).toMatch(/DEBUG = False\\+n.*SECURE_PROXY_SSL_HEADER/);
    expect(build).toContain('RUN ["python","-m","aether_collectstatic"]');
  });
});

describe('a Go module with several commands', () => {
  it('builds none of them unasked, and lists them with the setting that picks one', () => {
    const detection = detect(diskTree(`${fixtures}go-commands`));
    expect(detection).toMatchObject({ kind: 'go', mainPackage: null, commands: ['api', 'worker'] });
    if (detection.kind !== 'go') throw new Error('expected Go');
    expect(() => generated(detection)).toThrow(
      "buildCommand is required: this module has several commands (cmd/api, cmd/worker) and no main.go at the root; set it in the project's settings or aether.json",
    );
    const chosen = generateDockerfile(detection, IMAGES, { buildCommand: 'go build -o /out/app ./cmd/api' });
    expect(chosen.commands.builds).toEqual([['sh', '-c', 'go build -o /out/app ./cmd/api']]);
  });
});
