import { describe, expect, it } from 'vitest';
import { dashboardRoutes } from './dashboard-route.js';
import { parseHostname } from './hostname.js';

const host = parseHostname('aether.example.com');
const upstream = 'http://control:3000';
const service = { 'aether-dashboard': { loadBalancer: { servers: [{ url: upstream }] } } };

describe('dashboardRoutes', () => {
  it('routes the dashboard’s host to control over plain HTTP without HTTPS', () => {
    expect(dashboardRoutes({ host, upstream })).toEqual({
      http: {
        routers: { 'aether-dashboard': { rule: 'Host(`aether.example.com`)', service: 'aether-dashboard', middlewares: [], entryPoints: ['web'] } },
        services: service,
      },
    });
  });

  it('gives the dashboard a certificate of its own, never the apps’ wildcard, and redirects plain HTTP', () => {
    const tls = { certResolver: 'letsencrypt', wildcard: { certResolver: 'letsencrypt-wildcard', domain: parseHostname('example.com') } };
    expect(dashboardRoutes({ host, upstream, tls })).toEqual({
      http: {
        routers: {
          'aether-dashboard': { rule: 'Host(`aether.example.com`)', service: 'aether-dashboard', middlewares: [], entryPoints: ['websecure'], tls: { certResolver: 'letsencrypt' } },
          'aether-dashboard-http': { rule: 'Host(`aether.example.com`)', service: 'aether-dashboard', entryPoints: ['web'], middlewares: ['aether-https@file'] },
        },
        services: service,
      },
    });
  });
});
