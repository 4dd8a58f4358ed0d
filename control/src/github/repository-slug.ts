import { SLUG_MAX_LENGTH } from '../routing/deployment-hosts.js';

// A project's slug is runs of letters and digits joined by single hyphens (see
// routing/deployment-hosts.ts); GitHub repository names allow letters of both cases, digits,
// '.', '_' and '-'.

const FALLBACK = 'app';

/** The slug an imported repository gets unless the user names one: `My_Site.io` → `my-site-io`. */
export function slugFromRepositoryName(name: string): string {
  const label = name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .slice(0, SLUG_MAX_LENGTH)
    // Runs are one hyphen already: at most one to trim at either end.
    .replace(/^-|-$/g, '');
  return label === '' ? FALLBACK : label;
}
