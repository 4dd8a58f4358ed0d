import { describe, expect, it } from 'vitest';
import {
  DeploymentNotRunnable,
  exitedBeforeAnswering,
  failedRolloutError,
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

  it('says which path and port went unanswered, and for how long in seconds', () => {
    expect(notAnsweredWithin('/health', 3000, 1_500)).toBe('the app did not answer /health on port 3000 within 1.5 s');
    expect(PRODUCTION_NOT_MOVED).toBe('Traefik did not move the production host to the new deployment within 15 s');
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
