import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { installSharedRoutes } from '../../control/src/routing/route-files.js';
import { docker, TEST_LABEL, TEST_RUN } from './docker.js';
import { eventually, get } from './http.js';
import { testbedVar } from './testbed.js';

const staticConfig = fileURLToPath(new URL('../../traefik/traefik.yml', import.meta.url));

/**
 * Starts Traefik as production does: the repository's traefik.yml, the Docker socket read-only,
 * and a routes directory that control owns (here one of the test's, which the caller may write
 * production routes into). Its entrypoints (HTTP and HTTPS) are published on free loopback
 * ports. Resolves once Traefik answers; `container` is its ID, for control to connect it to
 * project networks.
 */
export async function startTraefik(network: string): Promise<{ port: number; httpsPort: number; routesDir: string; url: URL; container: string }> {
  const routesDir = mkdtempSync(join(tmpdir(), 'aether-routes-'));
  await installSharedRoutes(routesDir);
  const container = await docker.createContainer({
    Image: testbedVar('AETHER_IMAGE_TRAEFIK'),
    Cmd: ['--configFile=/etc/traefik/traefik.yml'],
    Labels: { [TEST_LABEL]: TEST_RUN },
    ExposedPorts: { '80/tcp': {}, '443/tcp': {} },
    HostConfig: {
      Binds: [`${staticConfig}:/etc/traefik/traefik.yml:ro`, `${routesDir}:/etc/traefik/dynamic:ro`, '/var/run/docker.sock:/var/run/docker.sock:ro'],
      PortBindings: { '80/tcp': [{ HostIp: '127.0.0.1', HostPort: '' }], '443/tcp': [{ HostIp: '127.0.0.1', HostPort: '' }] },
      NetworkMode: network,
    },
  });
  await container.start();
  const info = await container.inspect();
  const port = Number(info.NetworkSettings.Ports['80/tcp']?.[0]?.HostPort);
  const httpsPort = Number(info.NetworkSettings.Ports['443/tcp']?.[0]?.HostPort);
  await eventually(() => get(port, 'nobody.localhost'));
  return { port, httpsPort, routesDir, url: new URL(`http://127.0.0.1:${port}`), container: container.id };
}
