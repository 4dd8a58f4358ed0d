// Resident memory of control and the builder as the kernel counts it (VmRSS): what the host
// gives up to run Aether, whatever the processes think of themselves.
import { readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';

export interface Footprint {
  control: number;
  builder: number;
  total: number;
}

type Pids = { control: number; builder: number };

function rss(pid: number): number {
  const kilobytes = /^VmRSS:\s+(\d+) kB$/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
  if (kilobytes === undefined) throw new Error(`no VmRSS for process ${pid}`);
  return Number(kilobytes) * 1024;
}

function footprint(pids: Pids): Footprint {
  const control = rss(pids.control);
  const builder = rss(pids.builder);
  return { control, builder, total: control + builder };
}

/** After 10 s in which nothing is asked of them. */
export async function idleFootprint(pids: Pids): Promise<Footprint> {
  await sleep(10_000);
  return footprint(pids);
}

/** The highest each figure reached while work handed to `during` ran, sampled every 100 ms. */
export function peakFootprint(pids: Pids): { during<T>(work: Promise<T>): Promise<T>; peak(): Footprint } {
  let peak: Footprint = { control: 0, builder: 0, total: 0 };
  const sample = () => {
    const now = footprint(pids);
    peak = { control: Math.max(peak.control, now.control), builder: Math.max(peak.builder, now.builder), total: Math.max(peak.total, now.total) };
  };
  return {
    async during(work) {
      sample();
      const sampling = setInterval(sample, 100);
      try {
        return await work;
      } finally {
        clearInterval(sampling);
        sample();
      }
    },
    peak: () => peak,
  };
}
