import { describe, expect, it } from 'vitest';
import { productionHost } from './deployment-hosts.js';
import { parseHostname } from './hostname.js';
import { productionRoutes, routesFileName } from './production-routes.js';

const host = productionHost('blog', 'apps.example.com');
const domains = [parseHostname('www.blog.com')];

describe('productionRoutes', () => {
  it('routes the production host and custom domains to the deployment’s Docker service', () => {
    expect(productionRoutes({ slug: 'blog', host, domains, deployment: '3f2a9c1e-blog' })).toEqual({
      http: {
        routers: {
          'blog-production': {
            rule: 'Host(`blog.apps.example.com`) || Host(`www.blog.com`)',
            entryPoints: ['web'],
            middlewares: ['aether-retry@file', '3f2a9c1e-blog-headers@docker'],
            service: '3f2a9c1e-blog@docker',
          },
        },
      },
    });
    expect(routesFileName('blog')).toBe('project-blog.yml');
  });
});

describe('productionRoutes with HTTPS', () => {
  const letsencrypt = { certResolver: 'letsencrypt' };

  it('serves on the HTTPS entrypoint, the project’s host and its custom domains each with a certificate of their own, and redirects plain HTTP', () => {
    const { routers } = productionRoutes({ slug: 'blog', host, domains, deployment: '3f2a9c1e-blog', tls: letsencrypt }).http;
    const service = '3f2a9c1e-blog@docker';
    const middlewares = ['aether-retry@file', '3f2a9c1e-blog-headers@docker'];
    expect(routers).toEqual({
      'blog-production': { rule: 'Host(`blog.apps.example.com`)', service, middlewares, entryPoints: ['websecure'], tls: letsencrypt },
      'blog-production-http': { rule: 'Host(`blog.apps.example.com`)', service, entryPoints: ['web'], middlewares: ['aether-https@file'] },
      'blog-domains': { rule: 'Host(`www.blog.com`)', service, middlewares, entryPoints: ['websecure'], tls: letsencrypt },
      'blog-domains-http': { rule: 'Host(`www.blog.com`)', service, entryPoints: ['web'], middlewares: ['aether-https@file'] },
    });
  });

  it('puts the project’s host under the one wildcard certificate when a DNS challenge gets it; custom domains keep their own', () => {
    const wildcard = { certResolver: 'letsencrypt-wildcard', domain: parseHostname('apps.example.com') };
    const { routers } = productionRoutes({ slug: 'blog', host, domains, deployment: '3f2a9c1e-blog', tls: { ...letsencrypt, wildcard } }).http;
    expect(routers['blog-production']!.tls).toEqual({ certResolver: 'letsencrypt-wildcard', domains: [{ main: '*.apps.example.com' }] });
    expect(routers['blog-domains']!.tls).toEqual(letsencrypt);
  });

  it('has no router for custom domains when there are none', () => {
    const { routers } = productionRoutes({ slug: 'blog', host, domains: [], deployment: '3f2a9c1e-blog', tls: letsencrypt }).http;
    expect(Object.keys(routers)).toEqual(['blog-production', 'blog-production-http']);
  });
});
