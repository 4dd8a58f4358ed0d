// How long ago something happened, in the words a list of deployments reads best with.

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** `just now`, `3 min ago`, `5 h ago`, `2 days ago`; past a month, the date itself. */
export function relativeTime(then: Date, now: Date): string {
  const elapsed = now.getTime() - then.getTime();
  // A clock a little ahead of the browser's still reads as now, not as the future.
  if (elapsed < MINUTE) return 'just now';
  if (elapsed < HOUR) return `${Math.floor(elapsed / MINUTE)} min ago`;
  if (elapsed < DAY) return `${Math.floor(elapsed / HOUR)} h ago`;
  const days = Math.floor(elapsed / DAY);
  if (days < 31) return days === 1 ? 'yesterday' : `${days} days ago`;
  return then.toISOString().slice(0, 10);
}
