// A project imported from GitHub holds its repository's clone URL, on github.com or on a GitHub
// Enterprise server (whose path may have a prefix); owner and name are its last two segments.

export interface RepositoryName {
  owner: string;
  name: string;
}

/** GitHub's names use no other characters, so a segment with any other is not one of them. */
const segment = /^[A-Za-z0-9._-]+$/;

/** `https://github.com/octo/site.git` → `{ owner: 'octo', name: 'site' }`; null when the URL names no repository. */
export function repositoryFromUrl(url: string): RepositoryName | null {
  let path: string;
  try {
    path = new URL(url).pathname;
  } catch {
    return null;
  }
  const [owner, name] = path.split('/').filter((s) => s !== '').slice(-2);
  const bare = name?.replace(/\.git$/, '');
  if (owner === undefined || bare === undefined || ![owner, bare].every((s) => segment.test(s) && s !== '.' && s !== '..')) return null;
  return { owner, name: bare };
}
