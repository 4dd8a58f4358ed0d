import { describe, expect, it } from 'vitest';
import { bridgeName, projectNetworkName, projectNetworkSpec, smallestPrefixFor } from './network-spec.js';
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
