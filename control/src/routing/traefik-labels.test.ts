import { describe, expect, it } from 'vitest';
import { parseHostname } from './hostname.js';
import { appsHostTls, traefikLabels } from './traefik-labels.js';

const route = {
  name: 'blog-prod',
  hosts: [parseHostname('blog.example.com'), parseHostname('www.blog.example.com')],
  port: 3000,
  network: 'aether-apps',
};

describe('traefikLabels', () => {
  it('routes every host to the container port through the retry middleware', () => {
    expect(traefikLabels(route)).toEqual({
      'traefik.enable': 'true',
      'traefik.docker.network': 'aether-apps',
      'traefik.http.routers.blog-prod.rule': 'Host(`blog.example.com`) || Host(`www.blog.example.com`)',
      'traefik.http.routers.blog-prod.entrypoints': 'web',
      'traefik.http.routers.blog-prod.middlewares': 'aether-retry@file',
      'traefik.http.routers.blog-prod.service': 'blog-prod',
      'traefik.http.services.blog-prod.loadbalancer.server.port': '3000',
    });
  });

  it('refuses a route name that would split a label key', () => {
    expect(() => traefikLabels({ ...route, name: 'blog.prod' })).toThrow(/not a DNS label/);
  });

  it('refuses a route without hosts or with an impossible port', () => {
    expect(() => traefikLabels({ ...route, hosts: [] })).toThrow(/no host/);
    expect(() => traefikLabels({ ...route, port: 0 })).toThrow(/not 1 to 65535/);
    expect(() => traefikLabels({ ...route, port: 70000 })).toThrow(/not 1 to 65535/);
  });

  it('routes to any port from 1 to 65535', () => {
    for (const port of [1, 65535]) expect(traefikLabels({ ...route, port })['traefik.http.services.blog-prod.loadbalancer.server.port']).toBe(String(port));
  });
});

describe('traefikLabels with response headers', () => {
  it('defines a headers middleware and puts it after the retry', () => {
    const labels = traefikLabels({ ...route, responseHeaders: { 'X-Aether-Deployment': 'abc123' } });
    expect(labels['traefik.http.routers.blog-prod.middlewares']).toBe('aether-retry@file,blog-prod-headers@docker');
    expect(labels['traefik.http.middlewares.blog-prod-headers.headers.customresponseheaders.X-Aether-Deployment']).toBe('abc123');
  });

  it('refuses a header name that would split a label key', () => {
    expect(() => traefikLabels({ ...route, responseHeaders: { 'x.y': '1' } })).toThrow(/not a header name/);
  });
});

describe('traefikLabels with HTTPS', () => {
  it('serves on the HTTPS entrypoint with the ACME resolver, and redirects plain HTTP', () => {
    const labels = traefikLabels({ ...route, tls: { kind: 'own', certResolver: 'letsencrypt' } });
    expect(labels['traefik.http.routers.blog-prod.entrypoints']).toBe('websecure');
    expect(labels['traefik.http.routers.blog-prod.tls.certresolver']).toBe('letsencrypt');
    expect(labels['traefik.http.routers.blog-prod-http.entrypoints']).toBe('web');
    expect(labels['traefik.http.routers.blog-prod-http.middlewares']).toBe('aether-https@file');
    expect(labels['traefik.http.routers.blog-prod-http.rule']).toBe(labels['traefik.http.routers.blog-prod.rule']);
  });

  it('asks for the one wildcard certificate, the same for every deployment, when a DNS challenge gets it', () => {
    const labels = traefikLabels({ ...route, tls: appsHostTls({ certResolver: 'letsencrypt', wildcard: { certResolver: 'letsencrypt-wildcard', domain: parseHostname('example.com') } }, 'deployment') });
    expect(labels['traefik.http.routers.blog-prod.tls.certresolver']).toBe('letsencrypt-wildcard');
    expect(labels['traefik.http.routers.blog-prod.tls.domains[0].main']).toBe('*.example.com');
  });

  it('asks no CA for a deployment’s certificate without a wildcard: Traefik’s default certificate serves it', () => {
    const labels = traefikLabels({ ...route, tls: appsHostTls({ certResolver: 'letsencrypt' }, 'deployment') });
    expect(labels['traefik.http.routers.blog-prod.tls']).toBe('true');
    expect(Object.keys(labels).filter((key) => key.includes('certresolver'))).toEqual([]);
    expect(labels['traefik.http.routers.blog-prod-http.middlewares']).toBe('aether-https@file');
  });
});
