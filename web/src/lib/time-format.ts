// How the dashboard writes times: how long ago something happened, and how long something took.

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** How long before `now` the ISO time `then` was: `just now`, `3 min ago`, `5 h ago`, `2 days ago`; past a month, the date itself. */
export function relativeTime(then: string, now: number): string {
  const elapsed = now - Date.parse(then);
  // A clock a little ahead of the browser's still reads as now, not as the future.
  if (elapsed < MINUTE) return 'just now';
  if (elapsed < HOUR) return `${Math.floor(elapsed / MINUTE)} min ago`;
  if (elapsed < DAY) return `${Math.floor(elapsed / HOUR)} h ago`;
  const days = Math.floor(elapsed / DAY);
  if (days < 31) return days === 1 ? 'yesterday' : `${days} days ago`;
  return new Date(then).toISOString().slice(0, 10);
}

/** `0.4s`, `12.3s`, `3m 05s`, `1h 02m`; a dash for what has no duration (yet). */
export function formatDuration(ms: number | null): string {
  if (ms === null) return '–';
  // Rounded first, so 59.96 s reads `1m 00s`, never `60.0s`.
  const tenths = Math.round(ms / 100);
  if (tenths < 600) return `${(tenths / 10).toFixed(1)}s`;
  const seconds = Math.round(ms / 1000);
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes}m ${pad(seconds % 60)}s`;
  return `${Math.floor(minutes / 60)}h ${pad(minutes % 60)}m`;
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}
