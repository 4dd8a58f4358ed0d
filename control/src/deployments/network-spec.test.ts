import { describe, expect, it } from 'vitest';
import { AETHER_LABELS } from '../../../contract/aether-labels.js';
import { blockForNewNetwork, bridgeName, installNetworks, projectNetworkName, projectNetworkSpec, smallestPrefixFor, subnetsInUse, traefikEndpoint, traefikLeaving } from './network-spec.js';
import { parseSubnet } from './subnets.js';

const projectId = '3f2a9c1e-77aa-4b4e-9d7c-0123456789ab';

describe('project networks', () => {
  it('names one network per project and install', () => {
    expect(projectNetworkName('aether', projectId)).toBe(`aether-project-${projectId}`);
    expect(projectNetworkName('other', projectId)).not.toBe(projectNetworkName('aether', projectId));
  });

  it('names the bridge within Linux’s 15 characters, under one prefix that firewall rules can match', () => {
    expect(bridgeName(projectId)).toBe('aeth-3f2a9c1e77');
    expect(bridgeName(projectId).length).toBeLessThanOrEqual(15);
  });

  it('makes an ordinary bridge on the project’s own block, labelled as this install’s', () => {
    const spec = projectNetworkSpec({ instance: 'aether', projectId, subnet: parseSubnet('10.213.0.32/27') });
    expect(spec).toEqual({
      Name: `aether-project-${projectId}`,
      CheckDuplicate: true,
      Driver: 'bridge',
      Internal: false,
      Attachable: false,
      EnableIPv6: false,
      IPAM: { Driver: 'default', Config: [{ Subnet: '10.213.0.32/27' }] },
      Options: { 'com.docker.network.bridge.name': 'aeth-3f2a9c1e77' },
      Labels: { 'dev.aether.instance': 'aether', 'dev.aether.project': projectId },
    });
  });

  it('sizes a block for Traefik, the containers, and the network’s own addresses', () => {
    expect(smallestPrefixFor(4)).toBe(29);
    expect(smallestPrefixFor(5)).toBe(28);
    expect(smallestPrefixFor(28)).toBe(27);
    expect(smallestPrefixFor(29)).toBe(26);
  });
});

describe('networks on the engine', () => {
  it('counts every IPv4 block any network holds as taken, Aether’s or not, and nothing else', () => {
    const networks = [
      { IPAM: { Driver: 'default', Config: [{ Subnet: 'fd00::/64' }, { Subnet: '172.17.0.0/16' }] } },
      { IPAM: { Driver: 'default', Config: [{ Subnet: '10.213.0.33/27' }, {}] } },
      { IPAM: { Driver: 'default', Config: [] } },
      { IPAM: { Driver: 'null' } },
      {},
    ] as Parameters<typeof subnetsInUse>[0];
    expect(subnetsInUse(networks)).toEqual([parseSubnet('172.17.0.0/16'), parseSubnet('10.213.0.32/27')]);
  });

  it('tells each of this install’s networks’ project, and none for one that lost its label', () => {
    const networks = [
      { Name: `aether-project-${projectId}`, Labels: { [AETHER_LABELS.instance]: 'aether', [AETHER_LABELS.project]: projectId } },
      { Name: 'aether-project-unlabelled', Labels: {} },
      { Name: 'aether-project-bare' },
    ] as Parameters<typeof installNetworks>[0];
    expect(installNetworks(networks)).toEqual([
      { name: `aether-project-${projectId}`, projectId },
      { name: 'aether-project-unlabelled', projectId: '' },
      { name: 'aether-project-bare', projectId: '' },
    ]);
  });

  it('puts Traefik on a project network by its container, and takes it off even when it is stopped', () => {
    const networks = { traefikContainer: 'aether-traefik', pool: parseSubnet('10.213.0.0/16'), prefix: 27 };
    expect(traefikEndpoint(networks)).toEqual({ Container: 'aether-traefik' });
    expect(traefikLeaving(networks)).toEqual({ Container: 'aether-traefik', Force: true });
  });
});

describe('the block a new project network takes', () => {
  const pool = parseSubnet('10.213.0.0/26');
  const holding = (...subnets: string[]) => ({ IPAM: { Driver: 'default', Config: subnets.map((Subnet) => ({ Subnet })) } });

  it('is the pool’s first block that no network on the engine overlaps', () => {
    expect(blockForNewNetwork([holding('10.213.0.0/27'), holding('172.17.0.0/16')], { pool, prefix: 27 })).toEqual(parseSubnet('10.213.0.32/27'));
  });

  it('is refused, naming the setting to change, when the pool is full', () => {
    expect(() => blockForNewNetwork([holding('10.213.0.0/27', '10.213.0.40/29')], { pool, prefix: 27 })).toThrow(
      "no free /27 is left in the project networks' pool (AETHER_APP_SUBNETS)",
    );
  });
});
