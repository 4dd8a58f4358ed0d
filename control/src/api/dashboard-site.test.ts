import { describe, expect, it } from 'vitest';
import { parseHostname } from '../routing/hostname.js';
import { appsShareCookies, dashboardSite } from './dashboard-site.js';

describe('dashboardSite', () => {
  it.each([
    ['https://aether.example.com', 'https://aether.example.com', true],
    ['https://aether.example.com:8443/', 'https://aether.example.com:8443', true],
    ['http://localhost:3000', 'http://localhost:3000', true],
    ['http://aether.localhost:8080', 'http://aether.localhost:8080', true],
    ['http://aether.example.com', 'http://aether.example.com', false],
  ])('%s: origin %s, __Host- cookies %s', (url, origin, hostOnly) => {
    const site = dashboardSite(url);
    expect(site.origin).toBe(origin);
    expect(site.cookies).toEqual(hostOnly ? { prefix: 'host', secure: true } : { secure: false });
  });
});

describe('appsShareCookies', () => {
  it.each([
    ['aether.example.com', 'aether.example.com', true],
    ['aether.example.com', 'example.com', true],
    ['aether.example.com', 'apps.example.com', true],
    ['aether.example.com', 'apps.aether.example.com', true],
    ['aether.apps.example.com', 'apps.example.com', true],
    ['x.blog.apps.example.com', 'apps.example.com', true],
    ['example.com', 'apps.example.com', true],
    ['aether.example.com', 'example-apps.com', false],
    ['aether.example.com', 'apps.example.net', false],
    ['aether.example.com', 'com', true],
  ])('dashboard %s, apps under %s: %s', (dashboard, apps, shared) => {
    expect(appsShareCookies(parseHostname(dashboard), apps)).toBe(shared);
  });
});
