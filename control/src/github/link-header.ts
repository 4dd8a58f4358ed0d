// GitHub pages its lists with a `Link` header (RFC 8288):
//   <https://api.github.com/user/repos?page=3&per_page=30>; rel="next", <...>; rel="last"
// The last page has no `next`.

/** The page number GitHub links as `next`, or null on the last page. */
export function nextPage(link: string | null): number | null {
  for (const part of (link ?? '').split(',')) {
    const [target = '', ...params] = part.split(';');
    const url = /^\s*<([^>]*)>\s*$/.exec(target)?.[1];
    const relations = params.map((param) => /^\s*rel="?([^"]*)"?\s*$/.exec(param)?.[1]).find((rel) => rel !== undefined);
    if (url === undefined || !relations?.split(/\s+/).includes('next')) continue;
    const page = Number(new URL(url, 'https://api.github.com').searchParams.get('page'));
    return Number.isInteger(page) && page > 0 ? page : null;
  }
  return null;
}
