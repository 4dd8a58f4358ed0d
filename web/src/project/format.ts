// How the project page writes IDs and commits: short enough to scan down a list.

/** A deployment's eight hex digits, as its own host names it. */
export function shortId(deploymentId: string): string {
  return deploymentId.replaceAll('-', '').slice(0, 8);
}

/** A commit as people quote it: its first seven hex digits. */
export function shortSha(sha: string | null): string | null {
  return sha === null ? null : sha.slice(0, 7);
}

/** The first line of a commit message, which is all a list has room for. */
export function commitTitle(message: string | null): string | null {
  return message === null ? null : (message.split('\n', 1)[0] ?? '');
}
