import type { Redis } from 'ioredis';
import { keys } from '../../../contract/redis-keys.js';

// One build per project at a time. The lock expires unless renewed, so a worker that dies
// mid-build holds its project for one TTL at most.

const RELEASE = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) end return 0`;
const RENEW = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('pexpire', KEYS[1], ARGV[2]) end return 0`;

export interface HeldLock {
  release(): Promise<void>;
}

export async function acquireProjectLock(redis: Redis, projectId: string, holder: string, ttlMs: number): Promise<HeldLock | null> {
  const key = keys.lock(projectId);
  if ((await redis.set(key, holder, 'PX', ttlMs, 'NX')) !== 'OK') return null;
  const renewal = setInterval(() => void redis.eval(RENEW, 1, key, holder, ttlMs).catch(() => {}), ttlMs / 3);
  return {
    async release() {
      clearInterval(renewal);
      await redis.eval(RELEASE, 1, key, holder);
    },
  };
}
