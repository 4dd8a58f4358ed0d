import { setTimeout as sleep } from 'node:timers/promises';

/** Between two asks: a new container answers within a few of these of being ready. */
const POLL_MS = 50;

/** Asks `check` until it says yes (true) or `ms` have passed (false); what it throws ends the wait. */
export async function within(ms: number, check: () => Promise<boolean>): Promise<boolean> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (await check()) return true;
    await sleep(POLL_MS);
  }
  return false;
}
