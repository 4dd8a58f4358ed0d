import { DetectionError, type NodeApp } from './detection.js';
import type { PackageJson } from './package-json.js';
import { isPlainName, isPlainPath, type SourceTree } from './source-tree.js';
import { SINGLE_PAGE } from './static-routing.js';

// The Angular CLI's production build: `ng build` writes an application's files under its output
// path (dist/<project> unless angular.json says otherwise): browser/ to serve as a single-page app,
// and with server rendering a server/server.mjs that serves them. `ng serve` is a dev server only.

// Builders whose output has the browser/ and server/ folders (Angular 17+); the older webpack
// `browser` builders write the files straight into the output path.
const APPLICATION_BUILDERS = new Set(['@angular/build:application', '@angular-devkit/build-angular:application']);
const BROWSER_BUILDERS = new Set(['@angular-devkit/build-angular:browser', '@angular-devkit/build-angular:browser-esbuild']);

interface AngularProject {
  name: string;
  builder: string;
  options: Record<string, unknown>;
}

export function detectAngular(tree: SourceTree, pkg: PackageJson): NodeApp | null {
  if (!pkg.dependencies.has('@angular/core')) return null;
  const text = tree.readText('angular.json');
  if (text === undefined) return null;
  const project = application(parseJson(text));
  const base = outputBase(project);
  if (BROWSER_BUILDERS.has(project.builder)) return { type: 'static', framework: 'angular', outputDir: base, routing: SINGLE_PAGE };
  if (!APPLICATION_BUILDERS.has(project.builder)) {
    throw new DetectionError(
      `angular.json builds ${project.name} with ${project.builder}, whose output Aether does not know: set the output directory, or the start command for a server`,
    );
  }
  if (serverRendered(project.options)) {
    return { type: 'server', framework: 'angular', start: { type: 'file', path: `${base}/server/server.mjs` } };
  }
  return { type: 'static', framework: 'angular', outputDir: joinOutput(base, browserFolder(project.options)), routing: SINGLE_PAGE };
}

function parseJson(text: string): Record<string, unknown> {
  try {
    const value: unknown = JSON.parse(text);
    if (isObject(value)) return value;
  } catch {
    // Reported below with the file's name.
  }
  throw new DetectionError('angular.json is not a JSON object');
}

/** The workspace's one application, or the one at its root when it has several. */
function application(workspace: Record<string, unknown>): AngularProject {
  const projects = isObject(workspace['projects']) ? workspace['projects'] : {};
  const apps = Object.entries(projects)
    .filter((entry): entry is [string, Record<string, unknown>] => isObject(entry[1]) && entry[1]['projectType'] === 'application')
    .map(([name, project]) => ({ name, root: project['root'], build: buildTarget(project) }));
  const chosen = apps.length === 1 ? apps[0] : apps.find((app) => app.root === '');
  if (chosen === undefined || chosen.build === null) {
    const names = apps.map((app) => app.name).join(', ') || 'none';
    throw new DetectionError(
      `angular.json has no single application with a build target to deploy (applications: ${names}): set the build command and the output directory`,
    );
  }
  if (!isPlainName(chosen.name)) throw new DetectionError(`angular.json's project name ${JSON.stringify(chosen.name)} is not a plain folder name`);
  return { name: chosen.name, ...chosen.build };
}

// `architect` in angular.json, `targets` in its newer spelling.
function buildTarget(project: Record<string, unknown>): { builder: string; options: Record<string, unknown> } | null {
  const targets = project['architect'] ?? project['targets'];
  const build = isObject(targets) ? targets['build'] : undefined;
  if (!isObject(build) || typeof build['builder'] !== 'string') return null;
  return { builder: build['builder'], options: isObject(build['options']) ? build['options'] : {} };
}

// `outputPath` is a string or `{ base, browser }`; dist/<project> when absent.
function outputBase(project: AngularProject): string {
  const option = project.options['outputPath'];
  const base = isObject(option) ? option['base'] : option;
  return typeof base === 'string' ? checkedPath(base) : `dist/${project.name}`;
}

// `{ browser: '' }` puts the browser files in the output path itself.
function browserFolder(options: Record<string, unknown>): string {
  const option = options['outputPath'];
  const browser = isObject(option) ? option['browser'] : undefined;
  return typeof browser === 'string' ? browser : 'browser';
}

function joinOutput(base: string, folder: string): string {
  return folder === '' ? base : `${base}/${checkedPath(folder)}`;
}

// A server bundle is built when `outputMode` says so, or, before outputMode existed (Angular 17
// and 18), when the options name a server entry. `outputMode: 'static'` prerenders pages only.
function serverRendered(options: Record<string, unknown>): boolean {
  if (options['outputMode'] !== undefined) return options['outputMode'] === 'server';
  return options['server'] !== undefined && options['ssr'] !== undefined && options['ssr'] !== false;
}

function checkedPath(path: string): string {
  const segments = path.replace(/^\.\//, '').replace(/\/+$/, '').split('/');
  // It becomes a COPY source and a command's argument.
  if (!isPlainPath(segments.join('/'))) {
    throw new DetectionError(`angular.json's output path ${JSON.stringify(path)} must be a relative path of plain folder names`);
  }
  return segments.join('/');
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
