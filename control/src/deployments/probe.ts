import { request as httpRequest } from 'node:http';
import { request as httpsRequest, type RequestOptions } from 'node:https';
import type { Hostname } from '../routing/hostname.js';
import { DEPLOYMENT_HEADER } from './container-spec.js';

export interface ProbeReply {
  status: number;
  /** Which deployment answered (its short ID), or undefined when the answer came from Traefik itself. */
  deployment: string | undefined;
}

/**
 * Asks Traefik for `path` on `host`, as a browser would. Node's fetch cannot set the Host
 * header, hence node:http. Rejects when Traefik does not answer within `timeoutMs`. Over HTTPS
 * the certificate is not checked: the probe asks which deployment answers, on a network of
 * Traefik's own, and a new host may well be served with the default certificate.
 */
export function probe(traefik: URL, host: Hostname, path: string, timeoutMs = 2_000): Promise<ProbeReply> {
  const request = traefik.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const req = request(
      probeRequest(traefik, host, path, timeoutMs),
      (res) => {
        res.resume();
        const header = res.headers[DEPLOYMENT_HEADER.toLowerCase()];
        resolve({ status: res.statusCode ?? 0, deployment: Array.isArray(header) ? header[0] : header });
      },
    );
    req.on('timeout', () => req.destroy(new Error(`Traefik did not answer ${host}${path} within ${timeoutMs} ms`)));
    req.on('error', reject);
    req.end();
  });
}

/** The request a probe sends Traefik: for `host`, on a connection of its own, with SNI for `host` over HTTPS. */
export function probeRequest(traefik: URL, host: Hostname, path: string, timeoutMs: number): RequestOptions {
  const https = traefik.protocol === 'https:';
  return {
    host: traefik.hostname,
    port: traefik.port || (https ? 443 : 80),
    path,
    headers: { host },
    timeout: timeoutMs,
    agent: false,
    ...(https && { servername: host, rejectUnauthorized: false }),
  };
}

/** The app answered, not Traefik on its behalf: 502, 503 and 504 are Traefik failing to reach it. */
export function appAnswered(reply: ProbeReply, shortId: string): boolean {
  return reply.deployment === shortId && ![502, 503, 504].includes(reply.status);
}
