import { describe, expect, it } from 'vitest';
import { dnsRecords } from './dns-records.js';

const challenge = (hostname: string) => ({ type: 'TXT', name: `_aether-challenge.${hostname}`, value: 'c0ffee' });

describe('dnsRecords', () => {
  it('asks for the TXT challenge and a CNAME to the project’s host', () => {
    expect(dnsRecords({ hostname: 'www.shop.com', challenge: challenge('www.shop.com') }, 'shop.apps.example.com')).toEqual([
      { type: 'TXT', name: '_aether-challenge.www.shop.com', value: 'c0ffee' },
      { type: 'CNAME', name: 'www.shop.com', value: 'shop.apps.example.com' },
    ]);
  });

  it('asks for an ALIAS at a zone apex, where a CNAME is not allowed', () => {
    expect(dnsRecords({ hostname: 'shop.com', challenge: challenge('shop.com') }, 'shop.apps.example.com')[1]).toEqual({ type: 'ALIAS', name: 'shop.com', value: 'shop.apps.example.com' });
  });
});
