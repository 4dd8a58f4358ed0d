import { describe, expect, it } from 'vitest';
import { clientAddress, clientNetwork } from './client-address.js';

describe('the client address a rate limit counts', () => {
  it('takes the entry our own proxy appended, not the ones the client wrote before it', () => {
    expect(clientAddress('198.51.100.7', '172.18.0.2', 1)).toBe('198.51.100.7');
    expect(clientAddress('1.2.3.4, 5.6.7.8, 198.51.100.7', '172.18.0.2', 1)).toBe('198.51.100.7');
    expect(clientAddress('1.2.3.4, 198.51.100.7, 10.0.0.1', '172.18.0.2', 2)).toBe('198.51.100.7');
  });

  it('ignores the header with no proxy in front, and falls back to the peer when the header is short', () => {
    expect(clientAddress('1.2.3.4', '198.51.100.7', 0)).toBe('198.51.100.7');
    expect(clientAddress(undefined, '198.51.100.7', 1)).toBe('198.51.100.7');
    expect(clientAddress('1.2.3.4', '198.51.100.7', 2)).toBe('198.51.100.7');
    expect(clientAddress(undefined, undefined, 1)).toBeUndefined();
  });

  it('counts an IPv6 client by its /64, which one subscriber holds whole', () => {
    expect(clientNetwork('2001:db8:1:2:aaaa::1')).toBe('2001:db8:1:2::/64');
    expect(clientNetwork('2001:DB8:1:2:ffff:ffff:ffff:fffe')).toBe('2001:db8:1:2::/64');
    expect(clientNetwork('2001:db8::1')).toBe('2001:db8:0:0::/64');
    expect(clientNetwork('::1')).toBe('0:0:0:0::/64');
    // The gap `::` stands for is as long as the groups around it leave.
    expect(clientNetwork('::a:b:c:d:e')).toBe('0:0:0:a::/64');
    expect(clientNetwork('2001::a:b:c:d:e')).toBe('2001:0:0:a::/64');
    expect(clientNetwork('2001:db8::ffff:198.51.100.7')).toBe('2001:db8:0:0::/64');
  });

  it('counts an IPv4 client by its address, mapped or not, and anything else as unknown', () => {
    expect(clientNetwork('198.51.100.7')).toBe('198.51.100.7');
    expect(clientNetwork('::ffff:198.51.100.7')).toBe('198.51.100.7');
    expect(clientNetwork('::FFFF:198.51.100.17')).toBe('198.51.100.17');
    expect(clientNetwork('::ffff:198.51.100.7.1')).toBe('unknown');
    expect(clientNetwork('not an address')).toBe('unknown');
    expect(clientNetwork(undefined)).toBe('unknown');
  });
});
