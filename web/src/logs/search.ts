// Search within a log: over its lines as plain lower-cased text, never over the DOM (only the lines
// on screen are in it), so it answers as the user types whatever the log's length.

export interface Match {
  line: number;
  start: number;
  end: number;
}

/** Past this many matches the count says "10000+": more would cost memory and tell nobody anything. */
export const MATCH_LIMIT = 10_000;

/** Every match of `query`, ignoring case, in order; `lowered` holds each line's text in lower case. */
export function findMatches(lowered: readonly string[], query: string, limit = MATCH_LIMIT): Match[] {
  const needle = query.toLowerCase();
  const matches: Match[] = [];
  if (needle === '') return matches;
  for (let line = 0; line < lowered.length; line++) {
    const text = lowered[line]!;
    for (let at = text.indexOf(needle); at !== -1; at = text.indexOf(needle, at + needle.length)) {
      if (matches.length === limit) return matches;
      matches.push({ line, start: at, end: at + needle.length });
    }
  }
  return matches;
}

/** The matches on one line, found by halving: `matches` is in line order. */
export function matchesOn(matches: readonly Match[], line: number): Match[] {
  let low = 0;
  let high = matches.length;
  while (low < high) {
    const mid = (low + high) >> 1;
    if (matches[mid]!.line < line) low = mid + 1;
    else high = mid;
  }
  const found: Match[] = [];
  for (let i = low; i < matches.length && matches[i]!.line === line; i++) found.push(matches[i]!);
  return found;
}

/** The match after (`+1`) or before (`-1`) `current`, wrapping around at either end. */
export function stepMatch(current: number, count: number, step: 1 | -1): number {
  if (count === 0) return 0;
  return (current + step + count) % count;
}

/** "3 of 12", "No matches", or "1 of 10000+" when the search stopped counting. */
export function matchCount(current: number, count: number, limit = MATCH_LIMIT): string {
  if (count === 0) return 'No matches';
  return `${current + 1} of ${count}${count >= limit ? '+' : ''}`;
}
