import { describe, expect, it } from 'vitest';
import { notifiedChange } from './deployment-changes.js';

describe('a deployment change as Postgres announces it', () => {
  it('names the owner it goes to, and carries only what a viewer may see', () => {
    const payload = JSON.stringify({ ownerId: 'u1', projectId: 'p1', deploymentId: 'd1', status: 'ready', extra: 'not for viewers' });
    expect(notifiedChange(payload)).toEqual({ ownerId: 'u1', change: { projectId: 'p1', deploymentId: 'd1', status: 'ready' } });
  });

  it('is nothing when the payload is missing, not JSON, or not a change', () => {
    expect([notifiedChange(undefined), notifiedChange('{'), notifiedChange(JSON.stringify({ projectId: 'p1', deploymentId: 'd1', status: 'ready' }))]).toEqual([null, null, null]);
  });
});
