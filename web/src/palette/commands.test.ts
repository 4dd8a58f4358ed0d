import { describe, expect, it } from 'vitest';
import type { ProjectReply } from '../../../control/src/api/replies.js';
import { ACTIONS, matchCommands, projectCommands } from './commands.js';

const project = (slug: string, production: string | null, latest: string | null) =>
  ({
    id: `id-${slug}`,
    slug,
    production: production === null ? null : { id: production, status: 'ready' },
    latestDeployment: latest === null ? null : { id: latest, status: 'building' },
  }) as unknown as ProjectReply;

describe('the palette’s commands', () => {
  it('offer each project, its settings, and its live and latest deployments once each', () => {
    const labels = projectCommands([project('shop', 'aaaaaaaa-1', 'bbbbbbbb-2'), project('blog', 'cccccccc-3', 'cccccccc-3'), project('new', null, null)]).map((c) => c.label);
    expect(labels).toEqual([
      'shop',
      'shop settings',
      'shop deployment aaaaaaaa (live)',
      'shop deployment bbbbbbbb (building)',
      'blog',
      'blog settings',
      'blog deployment cccccccc (live)',
      'new',
      'new settings',
    ]);
  });

  it('match the query’s letters in order, the tightest first', () => {
    const commands = [...ACTIONS, ...projectCommands([project('shop', null, null), project('photos', null, null)])];
    expect(matchCommands(commands, 'shp').map((c) => c.label)).toEqual(['shop', 'shop settings']);
    expect(matchCommands(commands, 'pro').map((c) => c.label)).toEqual(['New project', 'Projects']);
    expect(matchCommands(commands, 'pst').map((c) => c.label)).toEqual(['shop settings', 'photos settings']);
    expect(matchCommands(commands, 'xyz')).toEqual([]);
    expect(matchCommands(commands, '  ')).toEqual(commands);
  });
});
