// How the project page writes times, IDs and commits: short enough to scan down a list.

/** `850ms`, `42s`, `3m 05s`, `1h 02m`; a dash for a phase that has no duration (yet). */
export function formatDuration(ms: number | null): string {
  if (ms === null) return '–';
  if (ms < 1000) return `${Math.round(ms)}ms`;
  const seconds = Math.round(ms / 1000);
  if (seconds < 60) return `${seconds}s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes}m ${pad(seconds % 60)}s`;
  return `${Math.floor(minutes / 60)}h ${pad(minutes % 60)}m`;
}

/** How long ago `then` was at `now`: `just now`, `5m ago`, `3h ago`, `2d ago`. */
export function formatAge(then: string, now: number): string {
  const seconds = Math.max(0, Math.floor((now - Date.parse(then)) / 1000));
  if (seconds < 45) return 'just now';
  const minutes = Math.round(seconds / 60);
  if (minutes < 60) return `${minutes}m ago`;
  const hours = Math.round(minutes / 60);
  if (hours < 24) return `${hours}h ago`;
  return `${Math.round(hours / 24)}d ago`;
}

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

function pad(n: number): string {
  return String(n).padStart(2, '0');
}
