import { APP_BRIDGE_PREFIX } from '../deployments/network-spec.js';

// The host's firewall rules that keep apps and builds off the cloud's metadata service and the
// host's private services, as iptables argument arrays. Docker evaluates DOCKER-USER before its
// own forwarding rules and never rewrites it, so that is where forwarded traffic is judged;
// traffic to the host itself (its sshd, a database on 0.0.0.0, the gateway address) is INPUT.

/** An iptables pattern for every project network's bridge. */
export const APP_BRIDGES = `${APP_BRIDGE_PREFIX}+`;
/** The engine's default bridge, where BuildKit's build steps run. */
export const BUILD_BRIDGE = 'docker0';

/**
 * Cloud metadata services (AWS, GCP, Azure, DigitalOcean, OpenStack, Oracle; Alibaba). They
 * hand instance credentials to anyone who asks from the host's network.
 */
export const METADATA_SERVICES = ['169.254.169.254/32', '100.100.100.200/32'];

/**
 * What an app may not reach: link-local (metadata, and cloud DNS that apps do not need, since
 * Docker's embedded DNS resolves for them from the host), the private ranges of the host's LAN
 * and VPC, and carrier-grade NAT (VPN meshes). The public internet stays reachable.
 */
export const APP_BLOCKED = ['169.254.0.0/16', '10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16', '100.64.0.0/10'];

/**
 * Builds install packages, possibly from a mirror on the LAN, and resolve names through the
 * host's resolver, which may be private or link-local: they lose the metadata services only.
 */
export const BUILD_BLOCKED = METADATA_SERVICES;

export const FORWARD_CHAIN = 'AETHER-FORWARD';
export const INPUT_CHAIN = 'AETHER-INPUT';

export interface Guarded {
  /** An iptables interface pattern: where the traffic comes from. */
  bridge: string;
  blocked: readonly string[];
}

export interface FirewallPlan {
  /** Aether's own chains, each rebuilt whole from these rules on every apply. */
  chains: { name: string; rules: string[][] }[];
  /** The rules that send traffic into them from Docker's and the kernel's chains. */
  jumps: { chain: 'DOCKER-USER' | 'INPUT'; rule: string[] }[];
}

const reject = ['-j', 'REJECT', '--reject-with', 'icmp-admin-prohibited'];

/**
 * Docker's embedded DNS forwards an app's queries to the host's resolvers from the app's own
 * network namespace, and builds ask them directly: often a private or link-local address (a
 * VPC's resolver), which stays reachable on port 53 only. Options are in the order `iptables -S`
 * prints them, so a listing compares equal (chainListing).
 */
function dnsRules(nameservers: readonly string[]): string[][] {
  return nameservers.flatMap((ns) => ['udp', 'tcp'].map((protocol) => ['-d', `${ns}/32`, '-p', protocol, '-m', protocol, '--dport', '53', '-j', 'RETURN']));
}

/**
 * An app that calls the install's own public hosts (another project, the dashboard's API) goes
 * to Traefik's published ports: on the host itself through Docker's proxy, or forwarded to
 * Traefik's address after Docker's DNAT. Both stay open.
 */
function publishedPortRules(ports: readonly number[]): string[][] {
  return ports.map((port) => ['-p', 'tcp', '-m', 'tcp', '--dport', String(port), '-j', 'RETURN']);
}

const DNAT_RETURN = ['-m', 'conntrack', '--ctstate', 'DNAT', '-j', 'RETURN'];

export interface HostFacts {
  /** The host's resolvers (IPv4, not loopback, which Docker queries from the host's own namespace). */
  nameservers: readonly string[];
  /** The host ports Traefik's entrypoints are published on. */
  publishedPorts: readonly number[];
}

export function firewallPlan(guarded: readonly Guarded[], host: HostFacts): FirewallPlan {
  const forward = guarded.flatMap((g) => [
    // Within a project's own network (Traefik included), or to another, which Docker's isolation drops.
    ['-i', g.bridge, '-o', APP_BRIDGES, '-j', 'RETURN'],
    ...g.blocked.map((block) => ['-d', block, '-i', g.bridge, ...reject]),
  ]);
  return {
    chains: [
      { name: FORWARD_CHAIN, rules: [...dnsRules(host.nameservers), DNAT_RETURN, ...forward, ['-j', 'RETURN']] },
      // Only connections opened from the bridge: replies to the host's own connections pass.
      {
        name: INPUT_CHAIN,
        rules: [...dnsRules(host.nameservers), ...publishedPortRules(host.publishedPorts), ['-m', 'conntrack', '--ctstate', 'NEW', ...reject], ['-j', 'RETURN']],
      },
    ],
    jumps: guarded.flatMap((g) => [
      { chain: 'DOCKER-USER' as const, rule: ['-i', g.bridge, '-j', FORWARD_CHAIN] },
      { chain: 'INPUT' as const, rule: ['-i', g.bridge, '-j', INPUT_CHAIN] },
    ]),
  };
}

/** What an install guards: its apps, and its builds. */
export const INSTALL_GUARDED: readonly Guarded[] = [
  { bridge: APP_BRIDGES, blocked: APP_BLOCKED },
  { bridge: BUILD_BRIDGE, blocked: BUILD_BLOCKED },
];

/** The IPv4 resolvers of a resolv.conf that Docker queries from a container's namespace: all but loopback ones. */
export function resolvConfNameservers(text: string): string[] {
  const servers = [...text.matchAll(/^\s*nameserver\s+(\d{1,3}(?:\.\d{1,3}){3})\s*$/gm)].map((m) => m[1]!);
  return servers.filter((ns) => !ns.startsWith('127.'));
}

/**
 * The resolvers Docker hands containers, as Docker picks them: the host's resolv.conf, or, where
 * that names only a local stub (systemd-resolved's 127.0.0.53), the stub's own upstream list.
 */
export function hostNameservers(resolvConf: string, systemdResolvConf: string | undefined): string[] {
  const servers = resolvConfNameservers(resolvConf);
  return servers.length > 0 || systemdResolvConf === undefined ? servers : resolvConfNameservers(systemdResolvConf);
}

/** What `iptables -S <chain>` prints for a chain that holds exactly these rules. */
export function chainListing(chain: FirewallPlan['chains'][number]): string[] {
  return [`-N ${chain.name}`, ...chain.rules.map((rule) => `-A ${chain.name} ${rule.join(' ')}`)];
}

/** Checks for a jump (`-C`), and puts it first in its chain, before Docker's own rules (`-I`). */
export function jumpCheck(jump: FirewallPlan['jumps'][number]): string[] {
  return ['-C', jump.chain, ...jump.rule];
}

export function jumpInsert(jump: FirewallPlan['jumps'][number]): string[] {
  return ['-I', jump.chain, '1', ...jump.rule];
}

/** Undoes the plan: the jumps, then the chains. */
export function removeCommands(plan: FirewallPlan): string[][] {
  return [...plan.jumps.map((j) => ['-D', j.chain, ...j.rule]), ...plan.chains.flatMap((c) => [['-F', c.name], ['-X', c.name]])];
}
