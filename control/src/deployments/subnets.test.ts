import { describe, expect, it } from 'vitest';
import { formatSubnet, freeSubnet, InvalidSubnet, overlaps, parseSubnet, reportedSubnet } from './subnets.js';

const block = parseSubnet;

describe('subnets', () => {
  it('reads and writes IPv4 blocks', () => {
    expect(block('10.213.0.0/16')).toEqual({ first: 10 * 2 ** 24 + 213 * 2 ** 16, prefix: 16 });
    expect(formatSubnet(block('10.213.4.96/27'))).toBe('10.213.4.96/27');
    expect(formatSubnet(block('255.255.255.255/32'))).toBe('255.255.255.255/32');
  });

  it('refuses what is not a block, naming where a misaligned one starts', () => {
    for (const text of ['10.213.0.0', '10.213.0.0/33', '10.256.0.0/16', 'fd00::/64', ' 10.0.0.0/8']) {
      expect(() => parseSubnet(text), text).toThrow(InvalidSubnet);
    }
    expect(() => parseSubnet('10.213.0.1/16')).toThrow(/starts at 10\.213\.0\.0\/16/);
    // The admin reads it at start-up, naming AETHER_APP_SUBNETS's value and what it should look like.
    expect(() => parseSubnet('10.213.0.0')).toThrow('"10.213.0.0" is not an IPv4 block such as 10.213.0.0/16');
  });

  it('reads what the engine reports without refusing it: host bits cleared, IPv6 left out', () => {
    expect(reportedSubnet('10.213.0.33/27')).toEqual(parseSubnet('10.213.0.32/27'));
    expect(reportedSubnet('fd00:1::/64')).toBeNull();
    expect(reportedSubnet('300.0.0.0/8')).toBeNull();
  });

  it('tells overlapping blocks apart from neighbours', () => {
    expect(overlaps(block('10.0.0.0/8'), block('10.213.0.32/27'))).toBe(true);
    expect(overlaps(block('10.213.0.0/27'), block('10.213.0.32/27'))).toBe(false);
    expect(overlaps(block('10.213.0.32/27'), block('10.213.0.0/27'))).toBe(false);
    expect(overlaps(block('10.213.0.32/27'), block('10.213.0.32/27'))).toBe(true);
  });

  it('chooses the first free /27 of the pool, around blocks any network holds', () => {
    const pool = block('10.213.0.0/16');
    expect(formatSubnet(freeSubnet(pool, 27, [])!)).toBe('10.213.0.0/27');
    expect(formatSubnet(freeSubnet(pool, 27, [block('10.213.0.0/27'), block('172.17.0.0/16')])!)).toBe('10.213.0.32/27');
    // Someone else's wider network inside the pool is stepped over whole.
    expect(formatSubnet(freeSubnet(pool, 27, [block('10.213.0.0/24')])!)).toBe('10.213.1.0/27');
    expect(freeSubnet(pool, 27, [block('10.0.0.0/8')])).toBeNull();
    expect(formatSubnet(freeSubnet(pool, 27, [block('9.0.0.0/8'), block('10.213.0.64/26')])!)).toBe('10.213.0.0/27');
    // The engine lists networks in no order.
    expect(formatSubnet(freeSubnet(pool, 27, [block('10.213.0.32/27'), block('10.213.0.0/27')])!)).toBe('10.213.0.64/27');
    expect(formatSubnet(freeSubnet(pool, 27, [block('10.213.0.32/27')])!)).toBe('10.213.0.0/27');
  });

  it('fits hundreds of projects in a /16, and says when the pool is full', () => {
    const pool = block('10.213.0.0/16');
    const taken = [];
    for (let i = 0; i < 2048; i += 1) {
      const next = freeSubnet(pool, 27, taken);
      expect(next).not.toBeNull();
      taken.push(next!);
    }
    expect(freeSubnet(pool, 27, taken)).toBeNull();
  });
});
