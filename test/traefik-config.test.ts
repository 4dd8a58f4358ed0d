import { describe, expect, it } from 'vitest';
import { CERT_RESOLVER, HTTP_ENTRYPOINT, HTTPS_ENTRYPOINT, WILDCARD_CERT_RESOLVER } from '../control/src/routing/traefik-labels.js';
import { traefikFlags } from './support/traefik.js';

// Control names Traefik's entrypoints and certificate resolvers in every route it writes; the
// install's static configuration (the traefik service's flags) must define each of them, or
// Traefik drops those routes.

describe("the install's Traefik", () => {
  const flags = traefikFlags().map((flag) => flag.toLowerCase());
  const defines = (prefix: string) => flags.some((flag) => flag.startsWith(prefix.toLowerCase()));

  it('listens on every entrypoint control routes to', () => {
    for (const entrypoint of [HTTP_ENTRYPOINT, HTTPS_ENTRYPOINT]) expect(defines(`--entrypoints.${entrypoint}.address=`), entrypoint).toBe(true);
  });

  it('has the resolver of one certificate per host, by HTTP challenge, and the wildcard one by the DNS challenge the admin names', () => {
    expect(defines(`--certificatesresolvers.${CERT_RESOLVER}.acme.httpchallenge.entrypoint=${HTTP_ENTRYPOINT}`)).toBe(true);
    expect(defines(`--certificatesresolvers.${WILDCARD_CERT_RESOLVER}.acme.dnschallenge.provider=`)).toBe(true);
    expect(flags.filter((flag) => flag.includes('.acme.storage=')).length, 'each resolver keeps its own store').toBe(2);
  });
});
