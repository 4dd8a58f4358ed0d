// A project's slug is a DNS label of at most 54 characters (see routes/projects.ts); GitHub
// repository names allow letters of both cases, digits, '.', '_' and '-'.

const MAX = 54;
const FALLBACK = 'app';

/** The slug an imported repository gets unless the user names one: `My_Site.io` → `my-site-io`. */
export function slugFromRepositoryName(name: string): string {
  const label = name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .slice(0, MAX)
    .replace(/^-+|-+$/g, '');
  return label === '' ? FALLBACK : label;
}
