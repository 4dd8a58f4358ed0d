import { describe, expect, it } from 'vitest';
import { within } from './poll.js';

describe('waiting for an answer', () => {
  it('asks until the answer is yes, and no more', async () => {
    let asked = 0;
    expect(await within(60_000, async () => ++asked === 3)).toBe(true);
    expect(asked).toBe(3);
  });

  it('gives up once the time is out, having asked meanwhile', async () => {
    let asked = 0;
    expect(await within(200, async () => (asked += 1) < 0)).toBe(false);
    expect(asked).toBeGreaterThan(0);
  });

  it('ends the wait on what the check throws', async () => {
    await expect(within(60_000, () => Promise.reject(new Error('the app exited')))).rejects.toThrow('the app exited');
  });
});
