// The web addresses in a log line, to be shown as links. Only http and https: a line is written by
// whatever the repository runs, so nothing else it prints (javascript:, data:, file:) may become
// something a click follows.

export interface Link {
  start: number;
  end: number;
  href: string;
}

const CANDIDATE = /\bhttps?:\/\/[^\s<>"'`]+/gi;
/** Punctuation that ends a sentence more often than an address. */
const TRAILING = /[.,:;!?'")\]}>*]+$/;

export function findLinks(text: string): Link[] {
  const links: Link[] = [];
  for (const match of text.matchAll(CANDIDATE)) {
    const candidate = withoutTrailing(match[0]);
    const href = webAddress(candidate);
    if (href !== null) links.push({ start: match.index, end: match.index + candidate.length, href });
  }
  return links;
}

/** Drops trailing punctuation, but a `)` that closes a `(` inside the address stays (Wikipedia's). */
function withoutTrailing(candidate: string): string {
  const trimmed = candidate.replace(TRAILING, '');
  const rest = candidate.slice(trimmed.length);
  const opened = (trimmed.match(/\(/g)?.length ?? 0) - (trimmed.match(/\)/g)?.length ?? 0);
  return opened > 0 && rest.startsWith(')') ? `${trimmed})` : trimmed;
}

function webAddress(candidate: string): string | null {
  try {
    const url = new URL(candidate);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : null;
  } catch {
    return null;
  }
}
