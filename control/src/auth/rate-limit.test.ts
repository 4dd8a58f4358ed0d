import { describe, expect, it } from 'vitest';
import { attemptCounters, LOGIN_LIMITS, LOGIN_PER_ACCOUNT, LOGIN_PER_ACCOUNT_FROM_NETWORK, LOGIN_PER_NETWORK, retryAfter, SIGN_UP_LIMITS } from './rate-limit.js';

describe('what an attempt spends', () => {
  it('counts a login against its network, its account whatever the case, and that account from that network', () => {
    expect(attemptCounters(LOGIN_LIMITS, '198.51.100.7', 'Ada@Example.com')).toEqual([
      [LOGIN_PER_NETWORK, '198.51.100.7'],
      [LOGIN_PER_ACCOUNT, 'ada@example.com'],
      [LOGIN_PER_ACCOUNT_FROM_NETWORK, 'ada@example.com 198.51.100.7'],
    ]);
  });

  it('counts a sign-up against its network and its account only', () => {
    expect(attemptCounters(SIGN_UP_LIMITS, '2001:db8:1:2::/64', 'ada@example.com').map(([, subject]) => subject)).toEqual(['2001:db8:1:2::/64', 'ada@example.com']);
  });

  it('stops at the first attempt past a limit, asking to wait until the last spent counter resets', () => {
    const limit = { name: 'x', attempts: 3, windowSeconds: 60 };
    expect(retryAfter([{ limit, count: 3, ttlSeconds: 20 }])).toBeNull();
    expect(retryAfter([{ limit, count: 4, ttlSeconds: 20 }])).toBe(20);
    expect(retryAfter([{ limit, count: 9, ttlSeconds: 20 }, { limit, count: 1, ttlSeconds: 59 }, { limit, count: 5, ttlSeconds: 45 }])).toBe(45);
    // A counter whose expiry Redis has not set yet (-1) still asks for a second.
    expect(retryAfter([{ limit, count: 4, ttlSeconds: -1 }])).toBe(1);
  });
});
