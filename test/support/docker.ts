import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { promisify } from 'node:util';
import Docker from 'dockerode';
import { AETHER_LABELS } from '../../contract/aether-labels.js';

export const docker = new Docker();

/**
 * Every container and network a test makes carries this label, its value naming the test run,
 * so a run cleans up only what it made, and two runs on one engine leave each other alone.
 */
export const TEST_LABEL = 'dev.aether.test';
export const TEST_RUN = process.env.AETHER_TEST_RUN ?? `adhoc-${process.pid}`;

const INSTANCE_LABEL = AETHER_LABELS.instance;

/** What a run that crashed may have left: anything of a test run older than this goes. */
const ABANDONED_AFTER_SECONDS = 2 * 3600;

/**
 * The Aether instance name of a platform a test starts: what the platform makes (its project
 * networks, its deployments' containers) carries Aether's labels and not the test's, and is
 * found again by this prefix.
 */
/** The deployments of an install's project whose containers run, as their labels name them. */
export async function runningDeployments(instance: string, projectId: string): Promise<string[]> {
  const filters = JSON.stringify({ label: [`${AETHER_LABELS.instance}=${instance}`, `${AETHER_LABELS.project}=${projectId}`], status: ['running'] });
  return (await docker.listContainers({ filters })).map((container) => container.Labels[AETHER_LABELS.deployment]!);
}

export function testInstance(name: string, run: string = TEST_RUN): string {
  return `test-${run}-${name}-${randomBytes(3).toString('hex')}`;
}

export async function removeTestObjects(run: string = TEST_RUN): Promise<void> {
  await removeWhere({ label: [`${TEST_LABEL}=${run}`] }, () => true);
  await removeInstances(`test-${run}-`, () => true);
}

export async function removeAbandonedTestObjects(): Promise<void> {
  const cutoff = Date.now() / 1000 - ABANDONED_AFTER_SECONDS;
  await removeWhere({ label: [TEST_LABEL] }, (createdSeconds) => createdSeconds < cutoff);
  await removeInstances('test-', (createdSeconds) => createdSeconds < cutoff);
}

async function removeInstances(prefix: string, old: (createdSeconds: number) => boolean): Promise<void> {
  const filters = JSON.stringify({ label: [INSTANCE_LABEL] });
  const ours = (labels: Record<string, string> | undefined) => labels?.[INSTANCE_LABEL]?.startsWith(prefix) === true;
  const containers = (await docker.listContainers({ all: true, filters })).filter((c) => ours(c.Labels) && old(c.Created));
  await Promise.all(containers.map((c) => docker.getContainer(c.Id).remove({ force: true })));
  const networks = (await docker.listNetworks({ filters })).filter((n) => ours(n.Labels) && old(Date.parse(n.Created) / 1000));
  // A test's Traefik may still be on a network; a network another run still uses stays.
  await Promise.all(networks.map((n) => docker.getNetwork(n.Id).remove().catch(() => undefined)));
}

async function removeWhere(filter: { label: string[] }, old: (createdSeconds: number) => boolean): Promise<void> {
  const filters = JSON.stringify(filter);
  const containers = (await docker.listContainers({ all: true, filters })).filter((c) => old(c.Created));
  await Promise.all(containers.map((c) => docker.getContainer(c.Id).remove({ force: true })));
  const networks = (await docker.listNetworks({ filters })).filter((n) => old(Date.parse(n.Created) / 1000));
  await Promise.all(networks.map((n) => docker.getNetwork(n.Id).remove()));
}

export async function createTestNetwork(name: string): Promise<string> {
  await docker.createNetwork({ Name: name, Labels: { [TEST_LABEL]: TEST_RUN } });
  return name;
}

export async function healthStatus(container: Docker.Container): Promise<string | undefined> {
  const info = await container.inspect();
  return info.State.Health?.Status;
}

/**
 * Stops the Docker engine as an upgrade of the host would and starts it again, as the test bed
 * runs it (scripts/testbed.sh): every container stops, and those with a restart policy come back.
 */
export async function restartEngine(): Promise<void> {
  await promisify(execFile)('scripts/testbed.sh', ['restart-engine'], { timeout: 120_000 });
}
