import { createHmac, timingSafeEqual } from 'node:crypto';

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
