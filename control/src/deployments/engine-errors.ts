// What the engine's refusals mean, read from dockerode's errors (the HTTP status, and for the
// refusals that share one status, the engine's words).

export function isNotFound(error: unknown): boolean {
  return (error as { statusCode?: number }).statusCode === 404;
}

/**
 * A rejection handler: `value` when the engine said there is no such object, the error again
 * otherwise. An engine that failed to answer said nothing of the object, which may well exist.
 */
export function notFoundAs<T>(value: T): (error: unknown) => T {
  return (error) => {
    if (isNotFound(error)) return value;
    throw error;
  };
}

/** Another caller's removal of the container is under way: it is gone once that ends. */
export function isBeingRemoved(error: unknown): boolean {
  return (error as { statusCode?: number }).statusCode === 409 && /removal of container .* is already in progress/i.test(String(error));
}

/**
 * Why creating a project's network failed: another control instance made it first (then it
 * exists, as wanted), another network took the chosen block between listing and creating (then
 * choose again), or something else.
 */
export function networkCreateFailure(error: unknown): 'made-meanwhile' | 'block-taken' | 'other' {
  if ((error as { statusCode?: number }).statusCode === 409) return 'made-meanwhile';
  return /overlaps/i.test(String(error)) ? 'block-taken' : 'other';
}

/** Connecting a container to a network it is on already. */
export function isAlreadyConnected(error: unknown): boolean {
  return /already exists/i.test(String(error));
}
