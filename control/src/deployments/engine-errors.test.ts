import { describe, expect, it } from 'vitest';
import { isAlreadyConnected, isBeingRemoved, isNotFound, networkCreateFailure, notFoundAs } from './engine-errors.js';

// Shaped as dockerode rejects: the engine's words in the message, its HTTP status beside them.
const refusal = (statusCode: number, message: string) => Object.assign(new Error(`(HTTP code ${statusCode}) unexpected - ${message}`), { statusCode });

describe('the engine’s refusals', () => {
  it('tells a missing object from any other failure', () => {
    expect(isNotFound(refusal(404, 'network aether-project-p1 not found'))).toBe(true);
    expect(isNotFound(refusal(500, 'server error'))).toBe(false);
    expect(isNotFound(new Error('connect ENOENT /var/run/docker.sock'))).toBe(false);
  });

  it('takes only a missing object for absent, and passes on a failure that says nothing of it', () => {
    expect(notFoundAs(null)(refusal(404, 'No such container: aether-3f2a9c1e-shop'))).toBeNull();
    const unanswered = new Error('connect ENOENT /var/run/docker.sock');
    expect(() => notFoundAs(null)(unanswered)).toThrow(unanswered);
    expect(() => notFoundAs(false)(refusal(500, 'server error'))).toThrow('server error');
  });

  it('takes a network made by another instance as made, a taken block as a reason to choose again, and nothing else as either', () => {
    expect(networkCreateFailure(refusal(409, 'network with name aether-project-p1 already exists'))).toBe('made-meanwhile');
    expect(networkCreateFailure(refusal(403, 'Pool overlaps with other one on this address space'))).toBe('block-taken');
    expect(networkCreateFailure(refusal(500, 'failed to create network: permission denied'))).toBe('other');
  });

  it("tells another caller's removal of a container under way from any other conflict", () => {
    expect(isBeingRemoved(refusal(409, 'removal of container 9292a845d7f5 is already in progress'))).toBe(true);
    expect(isBeingRemoved(refusal(409, 'You cannot remove a running container 9292a845d7f5. Stop the container before attempting removal or force remove'))).toBe(false);
    expect(isBeingRemoved(refusal(500, 'removal of container 9292a845d7f5 is already in progress'))).toBe(false);
  });

  it('takes Traefik already on a network as joined, and nothing else', () => {
    expect(isAlreadyConnected(refusal(403, 'endpoint with name traefik already exists in network aether-project-p1'))).toBe(true);
    expect(isAlreadyConnected(refusal(404, 'No such container: traefik'))).toBe(false);
  });
});
