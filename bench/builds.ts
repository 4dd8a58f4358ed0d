// Build speed and image size of Aether's generated Dockerfiles, each beside a plain single-stage
// Dockerfile such as a user writes by hand, built the same way in the same run, so that the
// machine's noise touches both alike.
import { execFileSync } from 'node:child_process';
import { appendFileSync, cpSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { baseImages } from '../builder/src/base-images.js';
import { detect } from '../builder/src/detect/index.js';
import { scopeCacheMounts } from '../builder/src/dockerfile/cache-scope.js';
import { type GeneratedDetection, generateDockerfile, renderDockerfile } from '../builder/src/dockerfile/index.js';
import { frameworkName } from '../builder/src/detect/framework-name.js';
import { buildContext, GENERATED_DOCKERFILE } from '../builder/src/engine/build-context.js';
import { buildImage } from '../builder/src/engine/build-image.js';
import { SettingsError } from '../contract/build-settings.js';
import type { BuildLogLine } from '../contract/build-streams.js';
import { diskTree } from '../builder/src/source/disk-tree.js';
import { stepOutcomes } from '../test/support/build-steps.js';
import { docker, TEST_LABEL, TEST_RUN } from '../test/support/docker.js';
import { testbedEnv } from '../test/support/testbed.js';
import { progress, repoRoot } from './platform.js';
import { markdownTable } from './table.js';

const images = baseImages(testbedEnv);

interface App {
  fixture: string;
  /** A file whose one-line change is a source-only change. */
  sourceFile: string;
  /** What a user writes by hand: one stage, everything copied, then installed. */
  handWritten: string;
  /** Adds one dependency to the manifests, as a user would; an npm package unless said otherwise. */
  addDependency?: (root: string) => void;
}

const npmDependency = (root: string) =>
  execFileSync('npm', ['install', '--no-audit', '--no-fund', '--package-lock-only', 'ms@2.1.3'], { cwd: root, stdio: 'ignore' });
const npmApp = (fixture: string, sourceFile: string, build: string, start: string[]): App => ({
  fixture,
  sourceFile,
  handWritten: `FROM ${images.node}\nWORKDIR /app\nCOPY . .\nRUN npm ci && ${build}\nENV PORT=3000\nCMD ${JSON.stringify(start)}\n`,
});

const apps: App[] = [
  {
    fixture: 'express-npm',
    sourceFile: 'server.js',
    handWritten: `FROM ${images.node}\nWORKDIR /app\nCOPY . .\nRUN npm ci\nENV PORT=3000\nCMD ["npm", "start"]\n`,
  },
  {
    fixture: 'vite-spa',
    sourceFile: 'src/App.jsx',
    handWritten: `FROM ${images.node}\nWORKDIR /app\nCOPY . .\nRUN npm ci && npm run build\nRUN npm install -g serve@14\nCMD ["serve", "-s", "dist"]\n`,
  },
  // The frameworks whose production servers differ from the two above, as their starters make them.
  npmApp('sveltekit-app', 'src/lib/index.ts', 'GCP_BUILDPACKS=true npm run build', ['node', 'build/index.js']),
  npmApp('nuxt-app', 'nuxt.config.ts', 'npm run build', ['node', '.output/server/index.mjs']),
  npmApp('react-router-app', 'app/routes/about.tsx', 'npm run build', ['npm', 'start']),
  {
    fixture: 'django-app',
    sourceFile: 'pages/views.py',
    handWritten: `FROM ${images.python}\nWORKDIR /app\nCOPY . .\nRUN pip install -r requirements.txt gunicorn\nCMD ["gunicorn", "--bind", "0.0.0.0:8000", "mysite.wsgi"]\n`,
    addDependency: (root) => appendFileSync(join(root, 'requirements.txt'), 'six==1.17.0\n'),
  },
];

interface Measure {
  cold: number;
  source: number;
  /** Of the source change's rebuild, the seconds BuildKit gives the app's own build step. */
  sourceBuildStep: number | null;
  dependency: number;
  bytes: number;
  imageId: string;
}

interface TimedBuild {
  seconds: number;
  imageId: string;
  /** What BuildKit reported for the step that runs the app's build script, if one ran. */
  buildStepSeconds: number | null;
}

async function timedBuild(root: string, dockerfile: string, tag: string, noCache: boolean): Promise<TimedBuild> {
  const started = performance.now();
  const lines: BuildLogLine[] = [];
  const imageId = await buildImage(
    docker,
    { context: buildContext(root, dockerfile), dockerfile: GENERATED_DOCKERFILE, tag, noCache, labels: { [TEST_LABEL]: TEST_RUN } },
    (line) => lines.push(line),
  );
  return { seconds: (performance.now() - started) / 1000, imageId, buildStepSeconds: buildStepSeconds(lines) };
}

// BuildKit names the step by its instruction, and ends it with "DONE 1.7s".
function buildStepSeconds(lines: readonly BuildLogLine[]): number | null {
  const done = stepOutcomes(lines, /\["npm","run","build"\]/)[0];
  const seconds = done === undefined ? undefined : /^DONE ([\d.]+)s$/.exec(done)?.[1];
  return seconds === undefined ? null : Number(seconds);
}

/** Cold build, then a one-line source change, then a new dependency, each timed. */
async function measure(work: string, app: App, variant: string, dockerfileFor: (root: string, scope: string) => string): Promise<Measure> {
  // A new cache scope per run: the cold build starts with empty package-manager caches too.
  const scope = `bench-${Date.now()}`;
  const root = mkdtempSync(join(work, `${app.fixture}-`));
  cpSync(join(repoRoot, 'test/fixtures', app.fixture), root, { recursive: true, filter: (path) => !path.includes('node_modules') });
  const tag = `aether-bench/${app.fixture}-${variant}:latest`;
  const cold = await timedBuild(root, dockerfileFor(root, scope), tag, true);
  const comment = app.sourceFile.endsWith('.py') ? '#' : '//';
  appendFileSync(join(root, app.sourceFile), `\n${comment} bench: a one-line change ${Date.now()}\n`);
  const source = await timedBuild(root, dockerfileFor(root, scope), tag, false);
  (app.addDependency ?? npmDependency)(root);
  const dependency = await timedBuild(root, dockerfileFor(root, scope), tag, false);
  const { Size } = await docker.getImage(dependency.imageId).inspect();
  return {
    cold: cold.seconds,
    source: source.seconds,
    sourceBuildStep: source.buildStepSeconds,
    dependency: dependency.seconds,
    bytes: Size,
    imageId: dependency.imageId,
  };
}

function generated(root: string, scope: string): string {
  const detection = detect(diskTree(root));
  if (detection.kind === 'dockerfile') throw new Error('the fixture has its own Dockerfile');
  return generatedFor(detection, scope);
}

function generatedFor(detection: GeneratedDetection, scope: string): string {
  return renderDockerfile(scopeCacheMounts(generateDockerfile(detection, images, {}).dockerfile, scope));
}

/** Bytes of the production dependencies inside a built Node image. */
async function nodeModulesBytes(imageId: string): Promise<number> {
  const output = execFileSync('docker', ['run', '--rm', '--entrypoint', 'du', imageId, '-sb', '/app/node_modules'], { encoding: 'utf8' });
  return Number.parseInt(output, 10);
}

const mb = (bytes: number) => (bytes / 1e6).toFixed(1);
const s = (seconds: number) => seconds.toFixed(1);
const verdict = (ok: boolean) => (ok ? 'met' : 'MISSED');
const percent = (part: number, whole: number) => `${((part / whole) * 100).toFixed(0)}%`;

// The app's own build runs again whatever is cached: it is the floor under a source-only rebuild.
function sourceShare(m: Measure): string {
  const step = m.sourceBuildStep === null ? '' : `, of which the app's build script ${s(m.sourceBuildStep)} s (${percent(m.sourceBuildStep, m.cold)})`;
  return `${percent(m.source, m.cold)}${step}`;
}

/** The work folder, and every image the builds made, the untagged earlier builds of an app too: all carry the test label. */
async function cleanUp(work: string): Promise<void> {
  rmSync(work, { recursive: true, force: true });
  const filters = JSON.stringify({ label: [`${TEST_LABEL}=${TEST_RUN}`] });
  for (const image of await docker.listImages({ filters })) await docker.getImage(image.Id).remove({ force: true }).catch(() => undefined);
}

/** One fixture built cold with the Dockerfile Aether writes for it, no settings given: what it was taken for, seconds, MB. */
async function fixtureRow(work: string, fixture: string): Promise<string[]> {
  const root = mkdtempSync(join(work, `${fixture}-`));
  cpSync(join(repoRoot, 'test/fixtures', fixture), root, { recursive: true, filter: (path) => !path.includes('node_modules') });
  try {
    const detection = detect(diskTree(root));
    if (detection.kind === 'dockerfile') return [fixture, 'its own Dockerfile', '', ''];
    const build = await timedBuild(root, generatedFor(detection, `bench-${Date.now()}`), `aether-bench/${fixture}:latest`, true);
    const { Size } = await docker.getImage(build.imageId).inspect();
    return [fixture, frameworkName(detection), s(build.seconds), mb(Size)];
  } catch (error) {
    // A fixture that needs a setting (which of several commands to build) says so, as it would to a user; any other failure is Aether's.
    const said = String((error as Error).message).split('\n')[0]!.slice(0, 120);
    return [fixture, error instanceof SettingsError ? `needs a setting: ${said}` : `FAILED: ${said}`, '', ''];
  }
}

/** Every fixture the table above leaves out, each built cold once with Aether's Dockerfile. */
export async function fixtureBuilds(): Promise<string> {
  const compared = new Set(apps.map((app) => app.fixture));
  const fixtures = readdirSync(join(repoRoot, 'test/fixtures'), { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && !compared.has(entry.name))
    .map((entry) => entry.name)
    .sort();
  const rows: string[][] = [];
  const work = mkdtempSync(join(tmpdir(), 'aether-bench-fixtures-'));
  try {
    for (const fixture of fixtures) {
      progress(`builds: ${fixture}`);
      rows.push(await fixtureRow(work, fixture));
    }
  } finally {
    await cleanUp(work);
  }
  return [
    '## Every fixture',
    '',
    'Each of the other fixtures (`test/fixtures`, as their frameworks\' starters make them), built once with nothing cached and no',
    'settings, with the Dockerfile Aether writes: what Aether took it for, seconds, and the final image.',
    '',
    markdownTable(['fixture', 'taken for', 'cold', 'image MB'], rows),
    '',
  ].join('\n');
}

/** The section below the main table: each app built with each Dockerfile, and the build targets. */
export async function buildDetails(): Promise<string> {
  const rows: string[][] = [];
  const checks: string[][] = [];
  const work = mkdtempSync(join(tmpdir(), 'aether-bench-builds-'));
  try {
    for (const app of apps) {
      progress(`builds: ${app.fixture}`);
      const aether = await measure(work, app, 'aether', generated);
      const hand = await measure(work, app, 'hand-written', () => app.handWritten);
      for (const [name, m] of [['Aether', aether], ['hand-written', hand]] as const) {
        rows.push([app.fixture, name, s(m.cold), `${s(m.source)} (${percent(m.source, m.cold)})`, s(m.dependency), mb(m.bytes)]);
      }
      checks.push([`${app.fixture}: source-only rebuild at most 25% of cold`, sourceShare(aether), verdict(aether.source <= 0.25 * aether.cold)]);
      if (app.fixture === 'express-npm') {
        const floor = (await docker.getImage(images.node).inspect()).Size + (await nodeModulesBytes(aether.imageId));
        const over = ((aether.bytes - floor) / floor) * 100;
        checks.push([`${app.fixture}: image at most 20% over base + production deps (${mb(floor)} MB)`, `${mb(aether.bytes)} MB, ${over >= 0 ? '+' : ''}${over.toFixed(1)}%`, verdict(aether.bytes <= 1.2 * floor)]);
      }
    }
  } finally {
    await cleanUp(work);
  }
  return [
    '## Builds',
    '',
    'Seconds, through the engine without the platform. Cold is a build with nothing cached (no layers, empty package-manager',
    'caches), then a one-line source change, then one new dependency. Sizes are the final image.',
    '',
    markdownTable(['app', 'Dockerfile', 'cold', 'source change', 'dependency change', 'image MB'], rows),
    '',
    markdownTable(['target', 'measured', ''], checks),
    '',
  ].join('\n');
}
