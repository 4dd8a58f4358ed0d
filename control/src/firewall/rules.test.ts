import { describe, expect, it } from 'vitest';
import { parseSubnet, overlaps } from '../deployments/subnets.js';
import { APP_BLOCKED, BUILD_BLOCKED, chainListing, firewallPlan, hostNameservers, INSTALL_GUARDED, jumpCheck, jumpInsert, removeCommands, resolvConfNameservers } from './rules.js';

// Planned within each test, not when the file loads, so that the mutation run sees which test reads what.
const planned = () => firewallPlan(INSTALL_GUARDED, { nameservers: ['10.0.0.2'], publishedPorts: [80, 443] });
const chain = (name: string) => planned().chains.find((c) => c.name === name)!.rules;
const rejected = (bridge: string) => chain('AETHER-FORWARD').filter((r) => r[0] === '-d' && r[3] === bridge).map((r) => r[1]!);
const covers = (blocks: string[], address: string) => blocks.some((b) => overlaps(parseSubnet(b), parseSubnet(`${address}/32`)));

describe('firewallPlan', () => {
  it('keeps apps and builds off the cloud metadata service', () => {
    expect(covers(rejected('aeth-+'), '169.254.169.254')).toBe(true);
    expect(covers(rejected('docker0'), '169.254.169.254')).toBe(true);
    expect(covers(rejected('docker0'), '100.100.100.200')).toBe(true);
  });

  it('keeps apps off the LAN and VPC, and leaves the internet open', () => {
    for (const address of ['10.0.0.5', '172.20.1.1', '192.168.1.10', '100.64.0.1']) expect(covers(rejected('aeth-+'), address), address).toBe(true);
    for (const address of ['1.1.1.1', '8.8.8.8', '140.82.112.3']) expect(covers(APP_BLOCKED, address), address).toBe(false);
    // Builds may use a mirror on the LAN.
    expect(BUILD_BLOCKED.every((b) => b.endsWith('/32'))).toBe(true);
  });

  it('lets apps and builds ask the host’s resolvers, on port 53 only, before any block applies', () => {
    const dns = [
      ['-d', '10.0.0.2/32', '-p', 'udp', '-m', 'udp', '--dport', '53', '-j', 'RETURN'],
      ['-d', '10.0.0.2/32', '-p', 'tcp', '-m', 'tcp', '--dport', '53', '-j', 'RETURN'],
    ];
    expect(chain('AETHER-FORWARD').slice(0, 2)).toEqual(dns);
    expect(chain('AETHER-INPUT').slice(0, 2)).toEqual(dns);
  });

  it('lets apps call the install’s own hosts through Traefik’s published ports, before any block applies', () => {
    // Forwarded to Traefik after Docker's DNAT: Traefik's address is private, yet the call passes.
    expect(chain('AETHER-FORWARD')[2]).toEqual(['-m', 'conntrack', '--ctstate', 'DNAT', '-j', 'RETURN']);
    // Through Docker's proxy on the host itself.
    expect(chain('AETHER-INPUT').slice(2, 4)).toEqual([
      ['-p', 'tcp', '-m', 'tcp', '--dport', '80', '-j', 'RETURN'],
      ['-p', 'tcp', '-m', 'tcp', '--dport', '443', '-j', 'RETURN'],
    ]);
  });

  it('reads the resolvers Docker queries from a container’s namespace out of resolv.conf', () => {
    const conf = '# generated\nnameserver 10.255.255.53\nnameserver 127.0.0.53\nnameserver fd00::1\nsearch example.com\n';
    expect(resolvConfNameservers(conf)).toEqual(['10.255.255.53']);
  });

  it('reads resolv.conf as the resolver does: indented or spaced lines count, comments and malformed addresses do not', () => {
    const conf = ['  nameserver 10.0.0.3', 'nameserver  10.0.0.4 ', '# nameserver 10.0.0.5', 'xnameserver 10.0.0.6', 'nameserver 10.0.0.1234', 'nameserver 10.0.0.7x'].join('\n');
    expect(resolvConfNameservers(conf)).toEqual(['10.0.0.3', '10.0.0.4']);
  });

  it('takes systemd-resolved’s upstream resolvers where resolv.conf names only its stub, as Docker does', () => {
    const stub = 'nameserver 127.0.0.53\noptions edns0\n';
    expect(hostNameservers(stub, 'nameserver 172.31.0.2\n')).toEqual(['172.31.0.2']);
    expect(hostNameservers('nameserver 10.1.1.1\n', 'nameserver 172.31.0.2\n')).toEqual(['10.1.1.1']);
    expect(hostNameservers(stub, undefined)).toEqual([]);
  });

  it('lets an app reach Traefik on its own network before any block applies', () => {
    const first = chain('AETHER-FORWARD').findIndex((r) => r[1] === 'aeth-+');
    expect(chain('AETHER-FORWARD')[first]).toEqual(['-i', 'aeth-+', '-o', 'aeth-+', '-j', 'RETURN']);
    expect(chain('AETHER-FORWARD').at(-1)).toEqual(['-j', 'RETURN']);
  });

  it('refuses new connections from apps and builds to the host itself, and lets replies to the host through', () => {
    expect(chain('AETHER-INPUT').slice(4)).toEqual([
      ['-m', 'conntrack', '--ctstate', 'NEW', '-j', 'REJECT', '--reject-with', 'icmp-admin-prohibited'],
      ['-j', 'RETURN'],
    ]);
    expect(planned().jumps).toEqual([
      { chain: 'DOCKER-USER', rule: ['-i', 'aeth-+', '-j', 'AETHER-FORWARD'] },
      { chain: 'INPUT', rule: ['-i', 'aeth-+', '-j', 'AETHER-INPUT'] },
      { chain: 'DOCKER-USER', rule: ['-i', 'docker0', '-j', 'AETHER-FORWARD'] },
      { chain: 'INPUT', rule: ['-i', 'docker0', '-j', 'AETHER-INPUT'] },
    ]);
  });

  it('says what iptables lists for the chain, checks and inserts jumps first, and undoes it all', () => {
    const only = firewallPlan([{ bridge: 'aeth-+', blocked: ['169.254.169.254/32'] }], { nameservers: [], publishedPorts: [] });
    expect(chainListing(only.chains[0]!)).toEqual([
      '-N AETHER-FORWARD',
      '-A AETHER-FORWARD -m conntrack --ctstate DNAT -j RETURN',
      '-A AETHER-FORWARD -i aeth-+ -o aeth-+ -j RETURN',
      '-A AETHER-FORWARD -d 169.254.169.254/32 -i aeth-+ -j REJECT --reject-with icmp-admin-prohibited',
      '-A AETHER-FORWARD -j RETURN',
    ]);
    expect(jumpCheck(only.jumps[0]!)).toEqual(['-C', 'DOCKER-USER', '-i', 'aeth-+', '-j', 'AETHER-FORWARD']);
    expect(jumpInsert(only.jumps[0]!)).toEqual(['-I', 'DOCKER-USER', '1', '-i', 'aeth-+', '-j', 'AETHER-FORWARD']);
    expect(removeCommands(only)).toEqual([
      ['-D', 'DOCKER-USER', '-i', 'aeth-+', '-j', 'AETHER-FORWARD'],
      ['-D', 'INPUT', '-i', 'aeth-+', '-j', 'AETHER-INPUT'],
      ['-F', 'AETHER-FORWARD'],
      ['-X', 'AETHER-FORWARD'],
      ['-F', 'AETHER-INPUT'],
      ['-X', 'AETHER-INPUT'],
    ]);
  });
});
