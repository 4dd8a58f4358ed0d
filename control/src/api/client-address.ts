import type { HttpBindings } from '@hono/node-server';
import type { Context } from 'hono';
import { isIPv4, isIPv6 } from 'node:net';

// Rate limits count attempts per client network, so the client's address must be one a stranger
// cannot choose. X-Forwarded-For is a list each proxy appends the address it was dialled from
// to, and a client can start it with anything: only the entries that our own proxies appended
// are true. With `proxyHops` proxies in front of control (Traefik alone: 1), the client is the
// entry that many from the end; with none, it is the socket's peer and the header is ignored.
// Control must then be reachable only through those proxies, as docker-compose.yml keeps it.

/** The client's address as our own proxies saw it; undefined when nothing trustworthy names it. */
export function clientAddress(forwardedFor: string | undefined, peer: string | undefined, proxyHops: number): string | undefined {
  if (proxyHops === 0) return peer;
  const hops = (forwardedFor ?? '').split(',').map((entry) => entry.trim()).filter((entry) => entry !== '');
  return hops.length >= proxyHops ? hops[hops.length - proxyHops] : peer;
}

/**
 * Where the client is, as a rate limit should count it: an IPv4 address, or the /64 of an IPv6
 * one, which a single subscriber holds whole and could otherwise rotate through.
 */
export function clientNetwork(address: string | undefined): string {
  if (address === undefined) return 'unknown';
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address)?.[1];
  if (mapped !== undefined && isIPv4(mapped)) return mapped;
  if (isIPv4(address)) return address;
  if (isIPv6(address)) return `${expandIPv6(address).slice(0, 4).join(':')}::/64`;
  return 'unknown';
}

/** The eight groups of an IPv6 address, `::` filled in and leading zeros dropped. */
function expandIPv6(address: string): string[] {
  const [head = '', tail] = address.split('%')[0]!.toLowerCase().split('::');
  const groups = (part: string | undefined) => (part === undefined || part === '' ? [] : part.split(':'));
  const [left, right] = [groups(head), groups(tail)];
  const middle = tail === undefined ? [] : Array<string>(8 - left.length - right.length).fill('0');
  return [...left, ...middle, ...right].map((group) => Number.parseInt(group, 16).toString(16));
}

/** The client network of a request to control's API. */
export function requestNetwork(c: Context, proxyHops: number): string {
  const peer = (c.env as Partial<HttpBindings> | undefined)?.incoming?.socket.remoteAddress;
  return clientNetwork(clientAddress(c.req.header('x-forwarded-for'), peer, proxyHops));
}
