// IPv4 blocks as data. Docker's default address pools hold about thirty bridge networks, far
// fewer than an install has projects, so each project's network gets a small block of its own
// from a pool the admin names, chosen here.

/** An IPv4 block whose address is the first of the block (no host bits set). */
export interface Subnet {
  readonly first: number;
  readonly prefix: number;
}

export class InvalidSubnet extends Error {}

const dotted = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/;

export function parseSubnet(text: string): Subnet {
  const block = readBlock(text);
  if (block === null) throw new InvalidSubnet(`${JSON.stringify(text)} is not an IPv4 block such as 10.213.0.0/16`);
  const { address, prefix } = block;
  if (address % size(prefix) !== 0) throw new InvalidSubnet(`${JSON.stringify(text)} has host bits set: the block starts at ${formatSubnet(blockOf(address, prefix))}`);
  return { first: address, prefix };
}

/**
 * The block an engine's network holds, as the engine reports it: host bits it may keep are
 * cleared, and what is not an IPv4 block (an IPv6 one) is null. It never throws, so one odd
 * network on the engine cannot stop every project's first rollout.
 */
export function reportedSubnet(text: string): Subnet | null {
  const block = readBlock(text);
  return block === null ? null : blockOf(block.address, block.prefix);
}

/** An address and prefix in CIDR notation, or null when the text is not IPv4 CIDR. */
function readBlock(text: string): { address: number; prefix: number } | null {
  const match = dotted.exec(text);
  if (match === null) return null;
  const octets = match.slice(1, 5).map(Number);
  const prefix = Number(match[5]);
  if (octets.some((o) => o > 255) || prefix > 32) return null;
  return { address: octets.reduce((sum, octet) => sum * 256 + octet, 0), prefix };
}

function blockOf(address: number, prefix: number): Subnet {
  return { first: address - (address % size(prefix)), prefix };
}

export function formatSubnet(subnet: Subnet): string {
  const octets = [24, 16, 8, 0].map((shift) => Math.floor(subnet.first / 2 ** shift) % 256);
  return `${octets.join('.')}/${subnet.prefix}`;
}

/** How many addresses the block holds. */
export function size(prefix: number): number {
  return 2 ** (32 - prefix);
}

export function overlaps(a: Subnet, b: Subnet): boolean {
  return a.first < b.first + size(b.prefix) && b.first < a.first + size(a.prefix);
}

/** The first block of `prefix` in `pool` that overlaps none of `taken`, or null when the pool is full. */
export function freeSubnet(pool: Subnet, prefix: number, taken: readonly Subnet[]): Subnet | null {
  const step = size(prefix);
  let first = pool.first;
  // Every block passed so far ends at or before `first`.
  for (const block of [...taken].sort((a, b) => a.first - b.first)) {
    if (block.first >= first + step) break;
    const end = block.first + size(block.prefix);
    if (end > first) first = Math.ceil(end / step) * step;
  }
  return first + step <= pool.first + size(pool.prefix) ? { first, prefix } : null;
}
