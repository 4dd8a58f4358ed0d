import type { ProjectReply } from '../../../control/src/api/replies.js';

// What the command palette offers, as data: the main actions with their keys, every project, and
// each project's live and latest deployments. Matching is pure, so the palette's answer to a
// query is tested without a browser.

export interface Command {
  /** What the palette shows and the query matches. */
  label: string;
  /** Where choosing it goes. */
  path: string;
  /** The key that does it from anywhere outside a text field, when it has one. */
  key?: string;
  group: 'Actions' | 'Projects' | 'Deployments';
}

/** The actions every page offers, with the single keys the shell answers to. */
export const ACTIONS: readonly Command[] = [
  { label: 'New project', path: '/new', key: 'n', group: 'Actions' },
  { label: 'Projects', path: '/', key: 'p', group: 'Actions' },
  { label: 'Account and API tokens', path: '/account', key: 'a', group: 'Actions' },
];

export function projectCommands(projects: readonly ProjectReply[]): Command[] {
  return projects.flatMap((project) => {
    const base = `/projects/${project.id}`;
    const deployments = [project.production, project.latestDeployment].filter((d, i, all) => d !== null && all.findIndex((o) => o?.id === d.id) === i);
    return [
      { label: project.slug, path: base, group: 'Projects' as const },
      { label: `${project.slug} settings`, path: `${base}/settings`, group: 'Projects' as const },
      ...deployments.map((d) => ({
        label: `${project.slug} deployment ${d!.id.slice(0, 8)} (${d!.id === project.production?.id ? 'live' : d!.status})`,
        path: `${base}/deployments/${d!.id}`,
        group: 'Deployments' as const,
      })),
    ];
  });
}

/**
 * The commands whose label holds the query's characters in order (any case), those where they
 * stand closest together first; the empty query keeps everything in its order.
 */
export function matchCommands(commands: readonly Command[], query: string): Command[] {
  const wanted = query.trim().toLowerCase();
  if (wanted === '') return [...commands];
  return commands
    .map((command, index) => ({ command, index, spread: spreadOf(command.label.toLowerCase(), wanted) }))
    .filter((scored): scored is typeof scored & { spread: number } => scored.spread !== null)
    .sort((a, b) => a.spread - b.spread || a.index - b.index)
    .map((scored) => scored.command);
}

/** How far apart the query's characters lie in the label, at their tightest start; null when they are not all there in order. */
function spreadOf(label: string, query: string): number | null {
  let best: number | null = null;
  for (let start = label.indexOf(query[0]!); start !== -1; start = label.indexOf(query[0]!, start + 1)) {
    let at = start;
    for (const char of query.slice(1)) {
      at = label.indexOf(char, at + 1);
      if (at === -1) return best;
    }
    best = best === null ? at - start : Math.min(best, at - start);
  }
  return best;
}
