import type { Redis } from 'ioredis';
import { Refusal } from '../../../shared/refusal.js';

// Every password guess and every sign-up costs a 32 MB scrypt, and both are open to anyone:
// each is counted in Redis, per client network (one attacker's many accounts) and per account
// (many networks guessing one password), in fixed windows shared by every control instance.

export interface Limit {
  /** Names the counter; the subject (a network, an email) follows it. */
  name: string;
  attempts: number;
  windowSeconds: number;
}

/** What one kind of attempt may spend: per client network, per account, and per account from one network. */
export interface AttemptLimits {
  perNetwork: Limit;
  perAccount: Limit;
  perAccountFromNetwork?: Limit;
}

// Enough for an office behind one address signing in at nine; far too few to guess passwords.
// A stranger guessing from one network is stopped by the tight limit of that account from that
// network, long before the loose one of the account from anywhere, which would lock its owner out.
export const LOGIN_PER_NETWORK: Limit = { name: 'login:network', attempts: 30, windowSeconds: 60 };
export const LOGIN_PER_ACCOUNT_FROM_NETWORK: Limit = { name: 'login:account-network', attempts: 10, windowSeconds: 300 };
export const LOGIN_PER_ACCOUNT: Limit = { name: 'login:account', attempts: 50, windowSeconds: 300 };
export const LOGIN_LIMITS: AttemptLimits = { perNetwork: LOGIN_PER_NETWORK, perAccount: LOGIN_PER_ACCOUNT, perAccountFromNetwork: LOGIN_PER_ACCOUNT_FROM_NETWORK };
export const SIGN_UP_PER_NETWORK: Limit = { name: 'signup:network', attempts: 20, windowSeconds: 3600 };
export const SIGN_UP_PER_ACCOUNT: Limit = { name: 'signup:account', attempts: 5, windowSeconds: 3600 };
export const SIGN_UP_LIMITS: AttemptLimits = { perNetwork: SIGN_UP_PER_NETWORK, perAccount: SIGN_UP_PER_ACCOUNT };

// Each detection clones a repository: enough for someone trying branches and folders by hand.
export const DETECT_PER_USER: Limit = { name: 'detect:user', attempts: 30, windowSeconds: 300 };

/** The counters an attempt for `email` from `network` spends, each with its subject. */
export function attemptCounters(limits: AttemptLimits, network: string, email: string): Array<readonly [Limit, string]> {
  const account = email.toLowerCase();
  return [
    [limits.perNetwork, network],
    [limits.perAccount, account],
    ...(limits.perAccountFromNetwork === undefined ? [] : [[limits.perAccountFromNetwork, `${account} ${network}`] as const]),
  ];
}

/** Too many attempts; the client may try again after `retryAfterSeconds`. */
export class RateLimited extends Refusal {
  constructor(override readonly retryAfterSeconds: number) {
    super(429, `too many attempts; try again in ${retryAfterSeconds} s`, undefined, retryAfterSeconds);
  }
}

/**
 * Counts one attempt against each limit, or throws RateLimited when any is spent. `prefix` keeps
 * two installs that share a Redis apart.
 */
export async function spendAttempt(redis: Redis, prefix: string, limits: ReadonlyArray<readonly [Limit, string]>): Promise<void> {
  const multi = redis.multi();
  const keys = limits.map(([limit, subject]) => `${prefix}:ratelimit:${limit.name}:${subject}`);
  limits.forEach(([limit], i) => multi.incr(keys[i]!).expire(keys[i]!, limit.windowSeconds, 'NX').ttl(keys[i]!));
  const replies = (await multi.exec()) ?? [];
  const counted = limits.map(([limit], i) => {
    const [count, , ttl] = replies.slice(i * 3, i * 3 + 3).map(([, value]) => Number(value));
    return { limit, count: count!, ttlSeconds: ttl! };
  });
  const wait = retryAfter(counted);
  if (wait !== null) throw new RateLimited(wait);
}

/** Seconds until every spent counter has reset, or null when none is spent; at least 1, as Retry-After needs. */
export function retryAfter(counted: ReadonlyArray<{ limit: Limit; count: number; ttlSeconds: number }>): number | null {
  const spent = counted.filter(({ limit, count }) => count > limit.attempts).map(({ ttlSeconds }) => Math.max(1, ttlSeconds));
  return spent.length === 0 ? null : Math.max(...spent);
}
