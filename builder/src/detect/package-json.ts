import { DetectionError } from './detection.js';

/** The parts of package.json that detection reads, with wrongly typed fields treated as absent. */
export interface PackageJson {
  /** Names from dependencies and devDependencies. */
  dependencies: ReadonlySet<string>;
  scripts: ReadonlySet<string>;
  main: string | null;
  packageManager: string | null;
  enginesNode: string | null;
}

export function parsePackageJson(text: string): PackageJson {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new DetectionError(`package.json is not valid JSON: ${(error as Error).message}`);
  }
  if (!isObject(value)) throw new DetectionError('package.json must hold a JSON object');
  return {
    dependencies: new Set([...keys(value['dependencies']), ...keys(value['devDependencies'])]),
    scripts: new Set(keys(value['scripts'])),
    main: stringOrNull(value['main']),
    packageManager: stringOrNull(value['packageManager']),
    enginesNode: isObject(value['engines']) ? stringOrNull(value['engines']['node']) : null,
  };
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
