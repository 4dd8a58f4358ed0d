import { describe, expect, it } from 'vitest';
import type { Hostname } from '../routing/hostname.js';
import { containerSpec, deploymentContainer } from './container-spec.js';

const deployment = {
  instance: 'aether',
  deploymentId: '3f2a9c1e-77aa-4b4e-9d7c-0123456789ab',
  projectId: '11111111-2222-4333-8444-555555555555',
  slug: 'blog',
  image: 'sha256:abc',
  port: 3000,
  env: { DATABASE_URL: 'postgres://x', PORT: '9999' },
  appsDomain: 'apps.example.com',
  network: 'aether-project-11111111-2222-4333-8444-555555555555',
  memoryMb: 512,
  cpus: 1,
};

describe('containerSpec', () => {
  it('names the container for its project and deployment and labels it as Aether’s', () => {
    const spec = containerSpec(deployment);
    expect(spec.name).toBe('aether-3f2a9c1e-blog');
    expect(spec.Labels).toMatchObject({
      'dev.aether.instance': 'aether',
      'dev.aether.project': deployment.projectId,
      'dev.aether.deployment': deployment.deploymentId,
    });
  });

  it('routes the deployment’s own host to its port, and says which deployment answered', () => {
    const labels = containerSpec(deployment).Labels!;
    expect(labels['traefik.http.routers.3f2a9c1e-blog.rule']).toBe('Host(`3f2a9c1e--blog.apps.example.com`)');
    expect(labels['traefik.http.services.3f2a9c1e-blog.loadbalancer.server.port']).toBe('3000');
    expect(labels['traefik.http.middlewares.3f2a9c1e-blog-headers.headers.customresponseheaders.X-Aether-Deployment']).toBe('3f2a9c1e');
  });

  it('joins only its project’s network, where Traefik reaches it, and gives the app its variables with the routed PORT', () => {
    const spec = containerSpec(deployment);
    expect(spec.HostConfig!.NetworkMode).toBe(deployment.network);
    expect(spec.Labels!['traefik.docker.network']).toBe(deployment.network);
    expect(spec.HostConfig!.Binds).toBeUndefined();
    expect(spec.Env).toEqual(['DATABASE_URL=postgres://x', 'PORT=3000']);
  });

  it('serves the deployment’s host over HTTPS with the wildcard certificate when the install has one, and redirects its plain HTTP', () => {
    const labels = containerSpec({ ...deployment, tls: { certResolver: 'le', wildcard: { certResolver: 'dns', domain: 'apps.example.com' as Hostname } } }).Labels!;
    expect(labels).toMatchObject({
      'traefik.http.routers.3f2a9c1e-blog.entrypoints': 'websecure',
      'traefik.http.routers.3f2a9c1e-blog.tls.certresolver': 'dns',
      'traefik.http.routers.3f2a9c1e-blog.tls.domains[0].main': '*.apps.example.com',
      'traefik.http.routers.3f2a9c1e-blog-http.entrypoints': 'web',
      'traefik.http.routers.3f2a9c1e-blog-http.middlewares': 'aether-https@file',
    });
    expect(containerSpec(deployment).Labels).toMatchObject({ 'traefik.http.routers.3f2a9c1e-blog.entrypoints': 'web' });
  });

  it('restarts a crashed app, and always caps its memory, without swap, and its CPU', () => {
    expect(containerSpec(deployment).HostConfig).toMatchObject({ RestartPolicy: { Name: 'unless-stopped' } });
    const capped = containerSpec({ ...deployment, memoryMb: 256, cpus: 0.5 }).HostConfig!;
    expect(capped.Memory).toBe(256 * 1024 * 1024);
    expect(capped.MemorySwap).toBe(256 * 1024 * 1024);
    expect(capped.NanoCpus).toBe(500_000_000);
  });

  it('stops an app from forging packets on its network: no raw sockets, nor any capability beyond an ordinary server’s', () => {
    const host = containerSpec(deployment).HostConfig!;
    expect(host.CapDrop).toEqual(['ALL']);
    expect(host.CapAdd).toEqual(['CHOWN', 'DAC_OVERRIDE', 'FOWNER', 'FSETID', 'KILL', 'SETGID', 'SETUID', 'NET_BIND_SERVICE']);
    expect(host.CapAdd).not.toContain('NET_RAW');
    expect(host.Privileged).toBeUndefined();
    expect(host.SecurityOpt).toEqual(['no-new-privileges']);
  });

  it('caps the processes of a fork bomb', () => {
    expect(containerSpec(deployment).HostConfig!.PidsLimit).toBe(1024);
  });

  it('sets exactly this host config: every hardening option, and nothing that opens the host', () => {
    expect(containerSpec(deployment).HostConfig).toEqual({
      NetworkMode: deployment.network,
      RestartPolicy: { Name: 'unless-stopped' },
      Init: true,
      SecurityOpt: ['no-new-privileges'],
      CapDrop: ['ALL'],
      CapAdd: ['CHOWN', 'DAC_OVERRIDE', 'FOWNER', 'FSETID', 'KILL', 'SETGID', 'SETUID', 'NET_BIND_SERVICE'],
      PidsLimit: 1024,
      LogConfig: { Type: 'json-file', Config: { 'max-size': '10m', 'max-file': '3' } },
      Memory: 512 * 1024 * 1024,
      MemorySwap: 512 * 1024 * 1024,
      NanoCpus: 1_000_000_000,
    });
  });
});

describe('a deployment’s container on this install', () => {
  const platform = { instance: 'aether', appsDomain: 'apps.example.com', appLimits: { memoryMb: 512, maxMemoryMb: 2048, cpus: 1, maxCpus: 2 } };
  const project = { id: 'p1', slug: 'blog', settings: { memoryMb: 4096, cpus: 0.5 } };
  const run = { image: 'sha256:abc', port: 3000, env: { A: '1' }, network: 'aether-project-p1' };

  it('runs with its project’s memory and CPU, held to the install’s limits, over plain HTTP on an install without TLS', () => {
    expect(deploymentContainer(platform, project, 'd1', run)).toStrictEqual({
      instance: 'aether',
      deploymentId: 'd1',
      projectId: 'p1',
      slug: 'blog',
      image: 'sha256:abc',
      port: 3000,
      env: { A: '1' },
      network: 'aether-project-p1',
      appsDomain: 'apps.example.com',
      memoryMb: 2048,
      cpus: 0.5,
    });
  });

  it('is served over the install’s HTTPS when it has one', () => {
    const tls = { certResolver: 'le' };
    expect(deploymentContainer({ ...platform, tls }, project, 'd1', run).tls).toEqual(tls);
  });
});
