import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { chainListing, type FirewallPlan, jumpCheck, jumpInsert, removeCommands } from './rules.js';

// The effects of rules.ts, through the iptables command of the host's own backend.

export interface Iptables {
  /** Runs iptables with these arguments; its output, or null when it exits non-zero. */
  (args: string[]): Promise<string | null>;
}

const run = promisify(execFile);

export function iptables(command: string): Iptables {
  return (args) => run(command, ['-w', ...args]).then(({ stdout }) => stdout, () => null);
}

/**
 * The backend Docker's own rules are in: iptables-nft and iptables-legacy each see only their
 * own tables, and rules in the other would never run.
 */
export async function dockersIptables(candidates = ['iptables-nft', 'iptables-legacy', 'iptables']): Promise<Iptables> {
  for (const command of candidates) {
    const candidate = iptables(command);
    if ((await candidate(['-S', 'DOCKER-USER'])) !== null) return candidate;
  }
  throw new Error(`no iptables of ${candidates.join(', ')} shows Docker's DOCKER-USER chain: is the engine running with its iptables rules?`);
}

/**
 * Makes the host's rules the plan's. A chain already as planned is left alone, so applying
 * again (as the firewall service does, in case the engine restarted) never opens a gap.
 */
export async function applyFirewall(ipt: Iptables, plan: FirewallPlan): Promise<void> {
  for (const chain of plan.chains) {
    const listed = await ipt(['-S', chain.name]);
    if (listed !== null && sameLines(listed, chainListing(chain))) continue;
    if (listed === null) await must(ipt, ['-N', chain.name]);
    await must(ipt, ['-F', chain.name]);
    for (const rule of chain.rules) await must(ipt, ['-A', chain.name, ...rule]);
  }
  for (const jump of plan.jumps) {
    if ((await ipt(jumpCheck(jump))) === null) await must(ipt, jumpInsert(jump));
  }
}

export async function removeFirewall(ipt: Iptables, plan: FirewallPlan): Promise<void> {
  for (const args of removeCommands(plan)) await ipt(args);
}

function sameLines(listed: string, expected: string[]): boolean {
  return listed.trim().split('\n').join('\n') === expected.join('\n');
}

async function must(ipt: Iptables, args: string[]): Promise<void> {
  if ((await ipt(args)) === null) throw new Error(`iptables ${args.join(' ')} failed`);
}
