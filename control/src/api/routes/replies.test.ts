import { describe, expect, it } from 'vitest';
import type { Deployment } from '../../deployments/queue-build.js';
import { keptDeployments } from '../../deployments/retirement-plan.js';
import type { Domain } from '../../projects/domains.js';
import { shownDeployment } from './deployments.js';
import { shownDomain } from './settings.js';

// What the API shows of a deployment and of a custom domain, from their rows.

const at = (minute: number) => new Date(Date.UTC(2026, 11, 6, 12, minute));
const row = (id: string, status: Deployment['status']): Deployment =>
  ({
    id,
    projectId: 'p1',
    status,
    trigger: 'manual',
    imageTag: `aether/blog:${id}`,
    imageId: `sha256:${id}`,
    createdAt: at(0),
    buildStartedAt: at(1),
    buildFinishedAt: at(3),
    readyAt: status === 'ready' ? at(4) : null,
  }) as Deployment;

describe('a deployment as the API shows it', () => {
  const kept = keptDeployments([row('d2', 'ready'), row('d1', 'ready')], { running: 1, images: 2 });

  it('says whether it can be rolled back to and still answers on its own URL, as retirement keeps it', () => {
    const shown = (deployment: Deployment) => {
      const { imageKept, containerKept } = shownDeployment(deployment, 'https://x', kept);
      return { imageKept, containerKept };
    };
    expect(shown(row('d2', 'ready'))).toEqual({ imageKept: true, containerKept: true });
    expect(shown(row('d1', 'ready'))).toEqual({ imageKept: true, containerKept: false });
    expect(shown(row('d0', 'ready'))).toEqual({ imageKept: false, containerKept: false });
  });

  it('never offers one that did not go live, though its image is kept', () => {
    for (const status of ['failed', 'canceled', 'deploying'] as const) {
      const { imageKept, containerKept } = shownDeployment({ ...row('d2', status) }, 'https://x', kept);
      expect({ status, imageKept, containerKept }).toEqual({ status, imageKept: false, containerKept: false });
    }
  });

  it('carries its row, its own URL and how long each phase took', () => {
    const shown = shownDeployment(row('d2', 'ready'), 'https://d2--blog.apps.test', kept);
    expect(shown).toMatchObject({ id: 'd2', status: 'ready', url: 'https://d2--blog.apps.test', durations: { queuedMs: 60_000, buildMs: 120_000, deployMs: 60_000 } });
  });
});

describe('a custom domain as the API shows it', () => {
  it('gives the TXT record that proves it, and whether it was proved', () => {
    const domain = { id: 'dom1', projectId: 'p1', hostname: 'shop.example.com', verificationToken: 'token-1', verifiedAt: null, createdAt: at(0) } as Domain;
    expect(shownDomain(domain)).toEqual({
      id: 'dom1',
      hostname: 'shop.example.com',
      verified: false,
      challenge: { type: 'TXT', name: '_aether-challenge.shop.example.com', value: 'token-1' },
    });
    expect(shownDomain({ ...domain, verifiedAt: at(5) }).verified).toBe(true);
  });
});
