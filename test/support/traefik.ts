import { fileURLToPath } from 'node:url';
import { docker, TEST_LABEL } from './docker.js';
import { eventually, get } from './http.js';
import { testbedVar } from './testbed.js';

const traefikConfigDir = fileURLToPath(new URL('../../traefik', import.meta.url));

/**
 * Starts Traefik as production does, with the repository's traefik/ folder as its
 * configuration and the Docker socket read-only, its entrypoint published on a free loopback
 * port. Resolves once Traefik answers.
 */
export async function startTraefik(network: string): Promise<{ port: number }> {
  const container = await docker.createContainer({
    Image: testbedVar('AETHER_IMAGE_TRAEFIK'),
    Cmd: ['--configFile=/etc/traefik/traefik.yml'],
    Labels: { [TEST_LABEL]: '1' },
    ExposedPorts: { '80/tcp': {} },
    HostConfig: {
      Binds: [`${traefikConfigDir}:/etc/traefik:ro`, '/var/run/docker.sock:/var/run/docker.sock:ro'],
      PortBindings: { '80/tcp': [{ HostIp: '127.0.0.1', HostPort: '' }] },
      NetworkMode: network,
    },
  });
  await container.start();
  const info = await container.inspect();
  const port = Number(info.NetworkSettings.Ports['80/tcp']?.[0]?.HostPort);
  await eventually(() => get(port, 'nobody.localhost'));
  return { port };
}
