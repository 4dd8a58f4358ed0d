import { describe, expect, it } from 'vitest';
import { productionRouteOf } from './production-route.js';

const DEPLOYMENT = '0b5e7c1a-2f34-4d5e-8a9b-0c1d2e3f4a5b';

describe('the production route', () => {
  const claimed = [
    { hostname: 'shop.example.com', verifiedAt: new Date('2026-12-01T00:00:00Z') },
    { hostname: 'victim.example.org', verifiedAt: null },
    { hostname: 'www.example.com', verifiedAt: new Date('2026-12-02T00:00:00Z') },
  ];

  it('routes the project host and only the domains DNS proved, to the deployment that serves', () => {
    expect(productionRouteOf({ appsDomain: 'apps.test' }, { slug: 'shop' }, DEPLOYMENT, claimed)).toEqual({
      slug: 'shop',
      host: 'shop.apps.test',
      domains: ['shop.example.com', 'www.example.com'],
      deployment: '0b5e7c1a-shop',
    });
  });

  it('routes no custom domain while none is verified', () => {
    const route = productionRouteOf({ appsDomain: 'apps.test' }, { slug: 'shop' }, DEPLOYMENT, claimed.map((domain) => ({ ...domain, verifiedAt: null })));
    expect(route.domains).toEqual([]);
  });

  it('carries the install’s TLS settings when it has them', () => {
    const tls = { certResolver: 'letsencrypt' };
    expect(productionRouteOf({ appsDomain: 'apps.test', tls }, { slug: 'shop' }, DEPLOYMENT, []).tls).toEqual(tls);
  });
});
