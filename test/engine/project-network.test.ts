import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { projectNetworkName } from '../../control/src/deployments/network-spec.js';
import { ensureProjectNetwork, joinTraefik, projectNetworks, removeNetwork, removeProjectNetwork } from '../../control/src/deployments/project-network.js';
import { parseSubnet } from '../../control/src/deployments/subnets.js';
import { docker, TEST_LABEL, TEST_RUN } from '../support/docker.js';
import { type EnginePlatform, useEnginePlatform } from '../support/engine-platform.js';
import { testbedVar } from '../support/testbed.js';

// Each project's deployments share a network of their own, which Traefik joins: made before the
// first container, rejoined by a recreated Traefik, gone with the project.

let engine: EnginePlatform;
useEnginePlatform((ready) => (engine = ready));

const members = async (network: string) => Object.keys((await docker.getNetwork(network).inspect()).Containers ?? {});
const subnetOf = async (network: string) => (await docker.getNetwork(network).inspect()).IPAM?.Config?.[0]?.Subnet ?? '';
const exists = (network: string) => docker.getNetwork(network).inspect().then(() => true, () => false);

describe("a project's network", () => {
  it('is made once, with Traefik on it, however many rollouts of the project ask for it at the same moment', async () => {
    const projectId = randomUUID();
    const names = await Promise.all([1, 2, 3].map(() => ensureProjectNetwork(engine.platform, projectId)));

    const name = projectNetworkName(engine.platform.instance, projectId);
    expect(names).toEqual([name, name, name]);
    const listed = await docker.listNetworks({ filters: JSON.stringify({ name: [name] }) });
    expect(listed.filter((n) => n.Name === name)).toHaveLength(1);
    expect(await members(name)).toEqual([engine.traefik]);
  });

  it('takes a block of the pool no other network holds, when several projects get theirs at the same moment', async () => {
    const made = await Promise.all([1, 2, 3, 4].map(() => ensureProjectNetwork(engine.platform, randomUUID())));

    const blocks = await Promise.all(made.map(subnetOf));
    expect(new Set(blocks).size).toBe(4);
    const pool = engine.platform.networks.pool;
    for (const block of blocks) {
      const subnet = parseSubnet(block);
      expect(subnet.prefix).toBe(27);
      expect(subnet.first - pool.first).toBeGreaterThanOrEqual(0);
      expect(subnet.first - pool.first).toBeLessThan(2 ** (32 - pool.prefix));
    }
  });

  it('says the pool is full, naming the setting, when no block is left', async () => {
    const full = await engine.fullPool();
    const projectId = randomUUID();

    await expect(ensureProjectNetwork(full, projectId)).rejects.toThrow(/AETHER_APP_SUBNETS/);
    expect(await exists(projectNetworkName(full.instance, projectId))).toBe(false);
  });

  it('gets Traefik back after Traefik left it, as a recreated Traefik container has, and joining twice is no error', async () => {
    const projectId = randomUUID();
    const name = await ensureProjectNetwork(engine.platform, projectId);
    await docker.getNetwork(name).disconnect({ Container: engine.traefik });
    expect(await members(name)).toEqual([]);

    await ensureProjectNetwork(engine.platform, projectId);
    await joinTraefik(engine.platform, name);
    expect(await members(name)).toEqual([engine.traefik]);
  });

  it('cannot be joined once it is gone: the engine’s refusal is not taken for Traefik being on it', async () => {
    await expect(joinTraefik(engine.platform, projectNetworkName(engine.platform.instance, randomUUID()))).rejects.toThrow(/not found/i);
  });

  it('goes with Traefik on it, and removing it again is no error', async () => {
    const projectId = randomUUID();
    const name = await ensureProjectNetwork(engine.platform, projectId);

    await removeProjectNetwork(engine.platform, projectId);
    expect(await exists(name)).toBe(false);
    await expect(removeProjectNetwork(engine.platform, projectId)).resolves.toBeUndefined();
  });

  it('stays while an app is still on it, and says so', async () => {
    const name = await ensureProjectNetwork(engine.platform, randomUUID());
    const app = await docker.createContainer({ Image: testbedVar('AETHER_IMAGE_NODE'), Cmd: ['sleep', 'infinity'], Labels: { [TEST_LABEL]: TEST_RUN }, HostConfig: { NetworkMode: name } });
    await app.start();
    try {
      await expect(removeNetwork(engine.platform, name)).rejects.toThrow(/active endpoints/i);
      expect(await exists(name)).toBe(true);
    } finally {
      await app.remove({ force: true });
    }
  });

  it('is listed among the install’s networks with its project; another install’s are not', async () => {
    const projectId = randomUUID();
    const name = await ensureProjectNetwork(engine.platform, projectId);
    const other = { ...engine.platform, instance: `${engine.platform.instance}-other` };
    const othersId = randomUUID();
    const others = await ensureProjectNetwork(other, othersId);
    try {
      const listed = await projectNetworks(engine.platform);
      expect(listed).toContainEqual({ name, projectId });
      expect(listed.map((n) => n.name)).not.toContain(others);
    } finally {
      await removeProjectNetwork(other, othersId);
    }
  });
});
