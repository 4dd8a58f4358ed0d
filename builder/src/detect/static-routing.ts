import type { StaticPageName, StaticRouting } from './detection.js';
import type { SourceTree } from './source-tree.js';

const PAGE_NAME = /^[A-Za-z0-9_+][A-Za-z0-9._+-]*\.html$/;

/** A file name read from a project's config, or null when it is not a plain .html name. */
export function staticPageName(name: string): StaticPageName | null {
  return PAGE_NAME.test(name) ? (name as StaticPageName) : null;
}

export const SINGLE_PAGE: StaticRouting = { type: 'single-page', shell: 'index.html' as StaticPageName };
export const MULTI_PAGE: StaticRouting = { type: 'multi-page', notFound: '404.html' as StaticPageName };

// Vite, Create React App and bundlers copy public/ into the output as is: a 404.html there says
// the site answers missing pages itself rather than routing them in the browser.
export function bundlerRouting(tree: SourceTree): StaticRouting {
  return tree.exists('public/404.html') ? MULTI_PAGE : SINGLE_PAGE;
}
