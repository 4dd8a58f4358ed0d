import { describe, expect, it } from 'vitest';
import { parseHostname } from '../routing/hostname.js';
import { reservedDomain } from './domains.js';

const reserved = { appsDomain: 'apps.example.com', dashboardHost: parseHostname('aether.example.com') };

describe('reservedDomain', () => {
  it.each(['aether.example.com', 'x.aether.example.com', 'apps.example.com', 'blog.apps.example.com', '3f2a9c1e--blog.apps.example.com'])(
    'keeps %s from every tenant',
    (hostname) => {
      expect(reservedDomain(parseHostname(hostname), reserved)).not.toBeNull();
    },
  );

  it.each(['example.com', 'www.blog.com', 'aether.example.com.evil.net', 'xaether.example.com'])('lets a tenant prove %s is theirs', (hostname) => {
    expect(reservedDomain(parseHostname(hostname), reserved)).toBeNull();
  });

  it('says why the name is not the tenant’s to take', () => {
    expect(reservedDomain(parseHostname('x.aether.example.com'), reserved)).toBe("x.aether.example.com is the dashboard's own host or under it");
    expect(reservedDomain(parseHostname('shop.apps.example.com'), reserved)).toBe('shop.apps.example.com is under apps.example.com, whose names Aether gives out itself');
  });
});
