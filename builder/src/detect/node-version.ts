import semver from 'semver';
import { DetectionError, type NodeMajor, SUPPORTED_NODE_MAJORS } from './detection.js';

// Which Node.js major a project wants. The answer picks the base image's tag, so it must be a
// single major even when the project gives a range, and one Aether has an image for.

/** The current LTS line. */
export const DEFAULT_NODE_MAJOR: NodeMajor = 24;

/** One place a project names its Node.js version: `where` names it in errors, `text` is as written. */
export interface NodeVersionRequest {
  where: string;
  text: string;
}

/**
 * The first request that names a particular version decides; later ones are not read, as the
 * version managers themselves read only the first file they find. A range no supported major
 * satisfies fails rather than building on a Node.js the project says it does not run on.
 */
export function chooseNodeMajor(requests: readonly NodeVersionRequest[]): NodeMajor {
  for (const { where, text } of requests) {
    const range = versionRange(text);
    if (range === null) continue;
    const allowed = SUPPORTED_NODE_MAJORS.filter((major) => rangeAllowsMajor(range, major));
    const highest = allowed.at(-1);
    if (highest !== undefined) return highest;
    throw new DetectionError(
      `${where} asks for Node.js ${JSON.stringify(text.trim().slice(0, 100))}, and Aether builds with Node.js ${SUPPORTED_NODE_MAJORS.join(', ')}: ` +
        `change ${where} to one of them`,
    );
  }
  return DEFAULT_NODE_MAJOR;
}

// nvm and the other version managers name an LTS line by its codename.
const LTS_CODENAMES: Readonly<Record<string, number>> = {
  argon: 4,
  boron: 6,
  carbon: 8,
  dubnium: 10,
  erbium: 12,
  fermium: 14,
  gallium: 16,
  hydrogen: 18,
  iron: 20,
  jod: 22,
  krypton: 24,
};

/**
 * A semver range from what a project wrote: "lts/iron" is 20.x; "lts/*", "node", "latest" and
 * "*" name no particular version (null), nor does text that is not a range.
 */
export function versionRange(text: string): string | null {
  const value = text.trim().toLowerCase();
  const codename = /^lts\/([a-z]+)$/.exec(value)?.[1];
  if (codename !== undefined) {
    const major = LTS_CODENAMES[codename];
    return major === undefined ? null : `${major}.x`;
  }
  if (!/\d/.test(value)) return null;
  return semver.validRange(value) === null ? null : value;
}

/** The first line of .nvmrc or .node-version. */
export function versionFileText(text: string): string {
  return text.split('\n')[0] ?? '';
}

/** asdf's and mise's `.tool-versions`: the first version on the `nodejs` (or `node`) line. */
export function toolVersionsText(text: string): string | null {
  for (const line of text.split('\n')) {
    const [tool, version] = (line.split('#')[0] ?? '').trim().split(/\s+/);
    if ((tool === 'nodejs' || tool === 'node') && version !== undefined) return version;
  }
  return null;
}

/**
 * mise.toml's `node` under `[tools]`: `node = "22"`, `node = ["22", "20"]` (the first is
 * used) or `node = { version = "22" }`. Read as lines, not TOML: the value is the first quoted
 * string on the key's line.
 */
export function miseText(text: string): string | null {
  let inTools = false;
  for (const rawLine of text.split('\n')) {
    const line = rawLine.trim();
    if (line.startsWith('[')) {
      inTools = /^\[\s*tools\s*\]/.test(line);
      continue;
    }
    if (!inTools) continue;
    const value = /^["']?(?:node|nodejs)["']?\s*=[^"']*["']([^"']*)["']/.exec(line)?.[1];
    if (value !== undefined) return value;
  }
  return null;
}

/** Whether some Node.js release of this major satisfies the range. */
export function rangeAllowsMajor(range: string, major: number): boolean {
  return semver.intersects(range, `${major}.x`);
}
