import { DetectionError } from './detection.js';

/** The parts of package.json that detection reads, with wrongly typed fields treated as absent. */
export interface PackageJson {
  name: string | null;
  /** Names from dependencies and devDependencies. */
  dependencies: ReadonlySet<string>;
  scripts: ReadonlySet<string>;
  main: string | null;
  packageManager: string | null;
  enginesNode: string | null;
  /** Volta's pin, `"volta": { "node": "22.3.0" }`. */
  voltaNode: string | null;
  /** npm, yarn and bun's workspace patterns (an array, or yarn's `{ packages }`); null when absent. */
  workspaces: string[] | null;
}

/** `path` names the file in errors: a workspace has many package.json files. */
export function parsePackageJson(text: string, path = 'package.json'): PackageJson {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new DetectionError(`${path} is not valid JSON: ${(error as Error).message}`);
  }
  if (!isObject(value)) throw new DetectionError(`${path} must hold a JSON object`);
  return {
    name: stringOrNull(value['name']),
    dependencies: new Set([...keys(value['dependencies']), ...keys(value['devDependencies'])]),
    scripts: new Set(keys(value['scripts'])),
    main: stringOrNull(value['main']),
    packageManager: stringOrNull(value['packageManager']),
    enginesNode: isObject(value['engines']) ? stringOrNull(value['engines']['node']) : null,
    voltaNode: isObject(value['volta']) ? stringOrNull(value['volta']['node']) : null,
    workspaces: workspacePatterns(value['workspaces']),
  };
}

function workspacePatterns(value: unknown): string[] | null {
  const list = isObject(value) ? value['packages'] : value;
  return Array.isArray(list) ? list.filter((item): item is string => typeof item === 'string') : null;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function keys(value: unknown): string[] {
  return isObject(value) ? Object.keys(value) : [];
}

function stringOrNull(value: unknown): string | null {
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : null;
}
