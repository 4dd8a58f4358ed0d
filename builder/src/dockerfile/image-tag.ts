// The Node.js image is configured once (node:24-bookworm-slim) but projects ask for a major.
// Official tags start with the version, so the major is swapped in there.

/**
 * "node:20-bookworm-slim" with 22 → "node:22-bookworm-slim". A reference pinned by digest, or
 * whose tag does not start with a version, is the operator's exact choice and is kept as is.
 */
export function withMajorVersion(reference: string, major: number): string {
  if (reference.includes('@')) return reference;
  const slash = reference.lastIndexOf('/');
  const colon = reference.indexOf(':', slash + 1);
  if (colon === -1) return reference;
  const tag = reference.slice(colon + 1);
  return `${reference.slice(0, colon + 1)}${tag.replace(/^\d+(\.\d+)*(?=-|$)/, String(major))}`;
}
