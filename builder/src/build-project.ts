import { mkdtemp, realpath, rm } from 'node:fs/promises';
import { join, relative } from 'node:path';
import type Docker from 'dockerode';
import type { BuildVariable } from '../../contract/build-job.js';
import type { BuildDetected, BuildLogLine } from '../../contract/build-streams.js';
import { REPOSITORY_SETTINGS_FILE } from '../../contract/repository-settings.js';
import type { RepositoryUrl, RootDirectory } from '../../contract/source-spec.js';
import type { BaseImages } from './base-images.js';
import { type Detection, DetectionError, detect, type NodeWorkspace, type SourceTree } from './detect/index.js';
import { frameworkName } from './detect/framework-name.js';
import { buildPartOf, readRepositorySettings, serverRulesOf } from './detect/repository-settings.js';
import { appDirectory } from './detect/workspace-app.js';
import { joinPath } from './detect/source-tree.js';
import { buildArgVariables, declareBuildArgs, engineBuildArgs } from './dockerfile/build-args.js';
import { runStepScope, scopeCacheMounts } from './dockerfile/cache-scope.js';
import { type BuildSettings, dockerfileFor, type GeneratedDockerfile, renderDockerfile } from './dockerfile/index.js';
import { checkOwnDockerfile } from './dockerfile/own-dockerfile.js';
import { buildContext, GENERATED_DOCKERFILE } from './engine/build-context.js';
import { BuildAbortedError, buildImage } from './engine/build-image.js';
import { enginePlatform, refuseForeignImages } from './engine/foreign-images.js';
import { redact } from './redact.js';
import { checkout, type Commit } from './source/checkout.js';
import { diskTree } from './source/disk-tree.js';
import type { Revision } from './source/git-commands.js';
import { resolveRootDirectory } from './source/root-directory.js';
import { BUILD_CHECKOUT } from './source/stale-checkouts.js';

export interface BuilderEnvironment {
  docker: Docker;
  images: BaseImages;
  /** Where checkouts live while they build; each is removed afterwards. */
  workDir: string;
  /** Local repositories as sources: tests and local git servers only. */
  allowLocal: boolean;
}

export interface ProjectBuild {
  url: RepositoryUrl;
  revision: Revision;
  token?: string;
  rootDirectory: RootDirectory;
  settings: BuildSettings;
  variables: readonly BuildVariable[];
  /** The project it builds: whose caches the build may use, and the only project whose images it may build from. */
  projectId: string;
  tag: string;
  labels: Record<string, string>;
}

export interface BuiltImage {
  imageId: string;
  commit: Commit;
  detection: Detection;
  /** What Aether generated, kept with the deployment so the user can read it or commit it; null for their own. */
  dockerfile: string | null;
  /** The port the app listens on, or null when neither the settings nor the image say. */
  port: number | null;
  /** `detection` as a person names it. */
  framework: string;
}

/** What a build tells while it runs. */
export interface BuildProgress {
  line(line: BuildLogLine): void;
  /** Once, before the image is built: what was found and what will run. */
  detected(detected: BuildDetected): Promise<void>;
}

/**
 * Checkout, detect, generate, build: a repository at a revision becomes an image. Aborting
 * `signal` stops whichever of them is running.
 */
export async function buildProject(env: BuilderEnvironment, build: ProjectBuild, progress: BuildProgress, signal?: AbortSignal): Promise<BuiltImage> {
  const secrets = build.variables.filter((v) => v.secret).map((v) => v.value);
  try {
    const masked = { ...progress, line: (line: BuildLogLine) => progress.line({ ...line, text: redact(line.text, secrets) }) };
    return await buildUnmasked(env, build, masked, signal);
  } catch (error) {
    if (signal?.aborted && !(error instanceof BuildAbortedError)) throw new BuildAbortedError(signal);
    if (error instanceof Error) error.message = redact(error.message, secrets);
    throw error;
  }
}

/** How the build log tells a build's first and last steps, which a viewer (and the bench's faults) can wait for. */
export const MILESTONES = { cloning: 'Cloning ', built: 'Built image ' } as const;

async function buildUnmasked(env: BuilderEnvironment, build: ProjectBuild, progress: BuildProgress, signal: AbortSignal | undefined): Promise<BuiltImage> {
  const say = (text: string) => progress.line({ timestamp: new Date(), step: 0, stream: 'step', text });
  const dir = await mkdtemp(join(env.workDir, BUILD_CHECKOUT));
  try {
    say(`${MILESTONES.cloning}${build.revision.kind === 'branch' ? `branch ${build.revision.branch}` : `commit ${build.revision.sha.slice(0, 7)}`}`);
    const commit = await checkout({
      url: build.url,
      revision: build.revision,
      dir,
      allowLocal: env.allowLocal,
      ...(build.token !== undefined && { token: build.token }),
      ...(signal && { signal }),
    });
    say(`Checked out ${commit.sha.slice(0, 7)}: ${commit.message}`);
    const repository = await realpath(dir);
    const root = await resolveRootDirectory(dir, build.rootDirectory);
    const tree = diskTree(repository);
    const projectPath = relative(repository, root);
    const detection = detect(tree, projectPath);
    say(`Detected ${describe(detection)}`);
    const repositorySettings = readRepositorySettings(tree, appDirectory(detection, projectPath));
    if (repositorySettings !== null) say(`Using ${REPOSITORY_SETTINGS_FILE}: ${Object.keys(repositorySettings).join(', ') || 'no settings'}`);
    // The repository's file wins over the project's settings, as vercel.json does.
    const settings = { ...build.settings, ...buildPartOf(repositorySettings) };
    const argVariables = buildArgVariables(build.variables, detection.kind === 'dockerfile' ? 'own' : 'generated');
    const buildArgs = engineBuildArgs(argVariables, build.projectId);
    const plan = dockerfileFor(detection, env.images, settings, serverRulesOf(repositorySettings));
    const generated = plan === null ? null : forThisBuild(plan, build);
    const dockerfile = generated?.text ?? (await checkedOwnDockerfile(env.docker, tree, projectPath, build, argVariables));
    await progress.detected({ framework: frameworkName(detection), dockerfile: generated?.text ?? null, repositorySettings });
    const imageId = await buildImage(
      env.docker,
      {
        context: buildContext(contextDir(repository, root, detection), dockerfile),
        dockerfile: GENERATED_DOCKERFILE,
        tag: build.tag,
        labels: build.labels,
        buildArgs,
        secrets: new Map(build.variables.map((v) => [v.name, v.value])),
        extraHosts: [runStepScope(build.projectId)],
      },
      progress.line,
      signal,
    );
    say(`${MILESTONES.built}${imageId.replace(/^sha256:/, '').slice(0, 12)}`);
    const port = generated?.port ?? settings.port ?? (await exposedPort(env.docker, imageId));
    return { imageId, commit, detection, framework: frameworkName(detection), dockerfile: generated?.text ?? null, port };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/**
 * The Dockerfile Aether wrote for the detection, with caches of the project's own and its build
 * variables declared where they do not ship, and the port its app listens on.
 */
function forThisBuild({ dockerfile, port }: GeneratedDockerfile, build: ProjectBuild): { text: string; port: number } {
  const scoped = scopeCacheMounts(dockerfile, build.projectId);
  return { text: renderDockerfile(declareBuildArgs(scoped, build.variables.map((v) => v.name))), port };
}

/**
 * The project's own Dockerfile, read as every repository file is (links out of the checkout are
 * absent), once it is known to build from no other project's images and to ship no build variable.
 */
async function checkedOwnDockerfile(
  docker: Docker,
  tree: SourceTree,
  projectPath: string,
  build: ProjectBuild,
  argVariables: readonly BuildVariable[],
): Promise<string> {
  const text = tree.readText(joinPath(projectPath, 'Dockerfile'));
  if (text === undefined) throw new DetectionError('the Dockerfile is not a regular file of at most 5 MB inside the repository');
  const buildArgs = Object.fromEntries(argVariables.map((v) => [v.name, v.value]));
  const secretNames = build.variables.filter((v) => v.secret).map((v) => v.name);
  await refuseForeignImages(docker, checkOwnDockerfile(text, buildArgs, secretNames, await enginePlatform(docker)), build.projectId);
  return text;
}

/** A workspace package builds from the workspace root, where its lockfile and the packages it uses are. */
function contextDir(repository: string, root: string, detection: Detection): string {
  return detection.kind === 'node' && detection.workspace !== null ? join(repository, detection.workspace.root) : root;
}

const NODE_APPS = { static: 'a static site', next: 'a Next.js app', server: 'a server' } as const;

function describe(detection: Detection): string {
  switch (detection.kind) {
    case 'dockerfile':
      return 'a Dockerfile: building it as is';
    case 'node':
      return `Node.js ${detection.nodeMajor} with ${detection.packageManager.name}, ${NODE_APPS[detection.app.type]}${inWorkspace(detection.workspace)}`;
    case 'static':
      return 'a static site';
    case 'python':
      return `Python, a ${detection.app.type} app`;
    case 'go':
      return `Go${detection.goVersion ? ` ${detection.goVersion}` : ''}`;
  }
}

function inWorkspace(workspace: NodeWorkspace | null): string {
  if (workspace === null) return '';
  return ` (package ${workspace.app.name} of the workspace at ${workspace.root === '' ? 'the repository root' : workspace.root})`;
}

async function exposedPort(docker: Docker, imageId: string): Promise<number | null> {
  const exposed = Object.keys((await docker.getImage(imageId).inspect()).Config.ExposedPorts ?? {});
  const tcp = exposed.find((port) => port.endsWith('/tcp'));
  return tcp === undefined ? null : Number.parseInt(tcp, 10);
}
