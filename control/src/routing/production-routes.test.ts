import { describe, expect, it } from 'vitest';
import { deploymentHost, deploymentName, productionHost } from './deployment-hosts.js';
import { parseHostname } from './hostname.js';
import { productionRoutes, routesFileName } from './production-routes.js';

const deployment = '3f2a9c1e-77aa-4b4e-9d7c-0123456789ab';

describe('deployment hosts', () => {
  it('gives the project its host and each deployment one of its own', () => {
    expect(productionHost('blog', 'apps.example.com')).toBe('blog.apps.example.com');
    expect(deploymentName(deployment, 'blog')).toBe('3f2a9c1e-blog');
    expect(deploymentHost(deployment, 'blog', 'apps.example.com')).toBe('3f2a9c1e-blog.apps.example.com');
  });

  it('refuses a domain that is not a host name', () => {
    expect(() => productionHost('blog', 'apps example.com')).toThrow(/invalid host name/);
  });
});

describe('productionRoutes', () => {
  it('routes the production host and custom domains to the deployment’s Docker service', () => {
    const hosts = [productionHost('blog', 'apps.example.com'), parseHostname('www.blog.com')];
    expect(productionRoutes({ slug: 'blog', hosts, deployment: '3f2a9c1e-blog' })).toEqual({
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

  it('refuses a route with no host', () => {
    expect(() => productionRoutes({ slug: 'blog', hosts: [], deployment: 'x-blog' })).toThrow(/no production host/);
  });
});

describe('productionRoutes with HTTPS', () => {
  it('serves on the HTTPS entrypoint with the ACME resolver, and redirects plain HTTP', () => {
    const hosts = [productionHost('blog', 'apps.example.com')];
    const { routers } = productionRoutes({ slug: 'blog', hosts, deployment: '3f2a9c1e-blog', tls: { certResolver: 'letsencrypt' } }).http;
    expect(routers['blog-production']).toMatchObject({ entryPoints: ['websecure'], tls: { certResolver: 'letsencrypt' }, service: '3f2a9c1e-blog@docker' });
    expect(routers['blog-production-http']).toEqual({
      rule: 'Host(`blog.apps.example.com`)',
      service: '3f2a9c1e-blog@docker',
      entryPoints: ['web'],
      middlewares: ['aether-https@file'],
    });
  });
});
