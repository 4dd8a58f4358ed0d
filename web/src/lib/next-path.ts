// Where to go after signing in. `?next=` comes from a link anyone can craft, so only a path on
// this site is followed: `//evil.example` and `/\evil.example` are other hosts to a browser.

/** `next` when it is a path of this site, else `/`. */
export function nextPath(next: string | null | undefined): string {
  if (next === null || next === undefined || !next.startsWith('/')) return '/';
  if (next.startsWith('//') || next.startsWith('/\\')) return '/';
  // Control characters are dropped by URL parsing, so `/\t/evil.example` would become `//evil.example`.
  if (/[\u0000-\u001f\u007f]/.test(next)) return '/';
  return next;
}
