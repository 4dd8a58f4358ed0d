import { describe, expect, it } from 'vitest';
import { AETHER_LABELS } from '../../../contract/aether-labels.js';
import {
  DeploymentNotRunnable,
  exitedBeforeAnswering,
  failedRolloutError,
  healthCheckPath,
  keepsStartedContainer,
  notAnsweredWithin,
  PRODUCTION_NOT_MOVED,
  RolloutFailed,
  runnable,
} from './rollout-plan.js';

describe('what a rollout makes of the new container', () => {
  it('runs only with an image and the port the app listens on', () => {
    expect(runnable({ imageId: 'sha256:abc', port: 3000 })).toEqual({ image: 'sha256:abc', port: 3000 });
    expect(() => runnable({ imageId: null, port: 3000 })).toThrow(new DeploymentNotRunnable('the deployment has no image'));
    expect(() => runnable({ imageId: 'sha256:abc', port: null })).toThrow(
      new DeploymentNotRunnable("the image does not say which port the app listens on: set the project's port, or EXPOSE one in the Dockerfile"),
    );
  });

  it('waits while the container runs, and stops waiting once it exited or restarts', () => {
    expect(exitedBeforeAnswering({ Running: true, Restarting: false, ExitCode: 0 }, 3000)).toBeNull();
    expect(exitedBeforeAnswering({ Running: false, Restarting: false, ExitCode: 1 }, 3000)).toBe('the app exited with code 1 before it answered on port 3000');
    expect(exitedBeforeAnswering({ Running: true, Restarting: true, ExitCode: 137 }, 8080)).toBe('the app exited with code 137 before it answered on port 8080');
  });

  it('says what the codes a user cannot read from the log mean, and which setting to change', () => {
    const stopped = (ExitCode: number, OOMKilled = false) => exitedBeforeAnswering({ Running: false, Restarting: false, ExitCode, OOMKilled }, 3000);
    expect(stopped(127)).toBe(
      'the app exited with code 127 before it answered on port 3000: its start command was not found in the image: a tool installed as a devDependency ' +
        "is left out of the production image, or the command is misspelled; set startCommand to the production server's command",
    );
    expect(stopped(126)).toMatch(/: its start command is not executable in the image/);
    expect(stopped(0)).toMatch(/: its start command ended instead of serving .* set startCommand/);
    expect(stopped(137, true)).toBe("the app exited with code 137 before it answered on port 3000: it ran out of memory: raise the project's memoryMb setting, or make the app use less");
    expect(stopped(137)).toBe('the app exited with code 137 before it answered on port 3000');
  });

  it("waits on the health check path of the deployment's aether.json, else the project's, else /", () => {
    expect(healthCheckPath({ settings: { healthCheckPath: '/health' } }, { repositorySettings: { healthCheckPath: '/up' } })).toBe('/up');
    expect(healthCheckPath({ settings: { healthCheckPath: '/health' } }, { repositorySettings: {} })).toBe('/health');
    expect(healthCheckPath({ settings: {} }, { repositorySettings: null })).toBe('/');
  });

  it('says which path and port went unanswered, and for how long in seconds', () => {
    expect(notAnsweredWithin('/health', 3000, 1_500)).toBe('the app did not answer /health on port 3000 within 1.5 s');
    expect(PRODUCTION_NOT_MOVED).toBe('Traefik did not move the production host to the new deployment within 15 s');
  });
});

describe('the container a rollout taken up again finds', () => {
  const owner = { instance: 'aether', projectId: 'p1' };
  const expected = { image: 'sha256:built', network: 'aether-p1', owner, deploymentId: 'd1' };
  const labels = { [AETHER_LABELS.instance]: 'aether', [AETHER_LABELS.project]: 'p1', [AETHER_LABELS.deployment]: 'd1' };
  const started = {
    Image: 'sha256:built',
    State: { Running: true, Restarting: false },
    Config: { Labels: labels },
    NetworkSettings: { Networks: { 'aether-p1': {} } },
  };

  it('is kept when it runs the deployment’s image on the project’s network, labelled this install’s for it', () => {
    expect(keepsStartedContainer(started, expected)).toBe(true);
  });

  it.each([
    ['stopped', { ...started, State: { Running: false, Restarting: false } }],
    ['in a restart loop', { ...started, State: { Running: true, Restarting: true } }],
    ['of another image', { ...started, Image: 'sha256:other' }],
    ['off the project’s network', { ...started, NetworkSettings: { Networks: { 'aether-apps': {} } } }],
    ['of another deployment', { ...started, Config: { Labels: { ...labels, [AETHER_LABELS.deployment]: 'd2' } } }],
    ['of another project', { ...started, Config: { Labels: { ...labels, [AETHER_LABELS.project]: 'p2' } } }],
    ['of another install', { ...started, Config: { Labels: { ...labels, [AETHER_LABELS.instance]: 'other' } } }],
    ['unlabelled', { ...started, Config: { Labels: null } }],
  ])('is made anew when %s', (_, container) => {
    expect(keepsStartedContainer(container, expected)).toBe(false);
  });

  it('is made anew for a deployment with no image', () => {
    expect(keepsStartedContainer(started, { ...expected, image: null })).toBe(false);
  });
});

describe('what a failed rollout records', () => {
  it('gives the user’s own failures as they stand, with the app’s last lines when it wrote any', () => {
    expect(failedRolloutError(new RolloutFailed('the app exited with code 1 before it answered on port 3000'), '')).toBe(
      'the app exited with code 1 before it answered on port 3000',
    );
    expect(failedRolloutError(new DeploymentNotRunnable('the deployment has no image'), 'Error: EADDRINUSE\n')).toBe(
      "the deployment has no image\n\nLast lines of the app's log:\nError: EADDRINUSE\n",
    );
  });

  it('says Aether’s own failures are the rollout’s', () => {
    expect(failedRolloutError(new Error('connect ECONNREFUSED /var/run/docker.sock'), '')).toBe('the rollout failed: Error: connect ECONNREFUSED /var/run/docker.sock');
  });
});
