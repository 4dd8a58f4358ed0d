// Which Node.js major a project wants. The answer picks the base image's tag, so it must be a
// single major even when package.json gives a range.

export const DEFAULT_NODE_MAJOR = 20;

// .nvmrc may name an LTS line by its codename.
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
};

/** engines.node first, then .nvmrc, then the default. */
export function nodeMajor(enginesNode: string | null, nvmrc: string | undefined): number {
  return (
    (enginesNode === null ? null : majorFromRange(enginesNode)) ??
    (nvmrc === undefined ? null : majorFromNvmrc(nvmrc)) ??
    DEFAULT_NODE_MAJOR
  );
}

/**
 * The highest of the `||` alternatives. Within one alternative, a bare lower bound (">=18") is
 * met by the default when it is not above it, so the default is kept rather than an old major;
 * a strict upper bound first ("<21", "<21.0.0 >=18") the major below it; anything else ("20.x",
 * "^20.11", ">=16 <19", "<21.5") the first major it names.
 */
export function majorFromRange(range: string): number | null {
  const majors = range
    .split('||')
    .map(majorFromAlternative)
    .filter((major) => major !== null);
  return majors.length === 0 ? null : Math.max(...majors);
}

function majorFromAlternative(alternative: string): number | null {
  const lowerBound = /^>=?\s*v?(\d+)(\.[\dxX*]+)*$/.exec(alternative.trim());
  if (lowerBound) return Math.max(Number(lowerBound[1]), DEFAULT_NODE_MAJOR);
  // "<21" and "<21.0.0" exclude all of Node 21, so the major it names is not one the range allows.
  const strictUpperBound = /^<\s*v?(\d+)(\.[0xX*]+)*(\s|$)/.exec(alternative.trim());
  if (strictUpperBound) return Number(strictUpperBound[1]) - 1;
  const first = /(\d+)/.exec(alternative);
  return first ? Number(first[1]) : null;
}

/** "v20", "20.11.1", "lts/iron"; "lts/*" and "node" mean no particular major. */
export function majorFromNvmrc(text: string): number | null {
  const line = (text.split('\n')[0] ?? '').trim().toLowerCase();
  const version = /^v?(\d+)/.exec(line);
  if (version) return Number(version[1]);
  const codename = /^lts\/([a-z]+)$/.exec(line)?.[1];
  return codename === undefined ? null : (LTS_CODENAMES[codename] ?? null);
}
