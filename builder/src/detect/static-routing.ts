import { type BuildSettings, STATIC_PAGE_NAME } from '../../../contract/build-settings.js';
import type { StaticPageName, StaticRouting } from './detection.js';
import type { SourceTree } from './source-tree.js';

/** A file name read from a project's config, or null when it is not a plain .html name. */
export function staticPageName(name: string): StaticPageName | null {
  return STATIC_PAGE_NAME.test(name) ? (name as StaticPageName) : null;
}

export const SINGLE_PAGE: StaticRouting = { type: 'single-page', shell: 'index.html' as StaticPageName };
export const MULTI_PAGE = { type: 'multi-page', notFound: '404.html' as StaticPageName } as const satisfies StaticRouting;

// Vite, Create React App and bundlers copy public/ into the output as is: a 404.html there says
// the site answers missing pages itself rather than routing them in the browser.
export function bundlerRouting(tree: SourceTree): StaticRouting {
  return tree.exists('public/404.html') ? MULTI_PAGE : SINGLE_PAGE;
}

/** The routing the settings ask for (`spaFallback`, `notFoundPage`, which the contract checked), else what was detected. */
export function routingWith(detected: StaticRouting, settings: Pick<BuildSettings, 'spaFallback' | 'notFoundPage'>): StaticRouting {
  if (settings.spaFallback === true) return SINGLE_PAGE;
  if (settings.spaFallback === undefined && settings.notFoundPage === undefined) return detected;
  const notFound = (settings.notFoundPage as StaticPageName | undefined) ?? (detected.type === 'multi-page' ? detected.notFound : MULTI_PAGE.notFound);
  return { type: 'multi-page', notFound };
}
