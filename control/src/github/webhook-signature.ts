import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

// GitHub signs each delivery's raw body with the hook's secret: `X-Hub-Signature-256:
// sha256=<hex HMAC-SHA256>`. Only a sender that knows the secret can make one that matches.

const HEADER = /^sha256=([0-9a-f]{64})$/;

export function signature(secret: string, body: Uint8Array): string {
  return `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
}

/** Whether the header is a well-formed signature; one that is not cannot match any secret. */
export function isSignatureHeader(header: string | undefined): boolean {
  return header !== undefined && HEADER.test(header);
}

/** Compared in constant time, so the time it takes tells nothing about how much of it was right. */
export function signatureMatches(secret: string, body: Uint8Array, header: string | undefined): boolean {
  if (header === undefined || !isSignatureHeader(header)) return false;
  return timingSafeEqual(Buffer.from(signature(secret, body)), Buffer.from(header));
}

/** A secret nobody holds: what a delivery for a repository nobody deploys here is checked against. */
const DECOY_SECRET = randomBytes(32).toString('hex');

/**
 * The secrets a delivery's signature is checked against, each with the candidate it proves: every
 * candidate's, or the decoy's when there is none (it proves nobody). A repository nobody deploys
 * here is then refused in the time a wrong signature takes, so a stranger cannot tell which are.
 */
export function signatureChecks<T>(candidates: readonly T[], secretOf: (candidate: T) => string): Array<{ candidate: T | undefined; secret: string }> {
  if (candidates.length === 0) return [{ candidate: undefined, secret: DECOY_SECRET }];
  return candidates.map((candidate) => ({ candidate, secret: secretOf(candidate) }));
}
