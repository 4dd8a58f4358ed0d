import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { installSharedRoutes } from '../../control/src/routing/route-files.js';
import { docker, TEST_LABEL, TEST_RUN } from './docker.js';
import { eventually, get } from './http.js';
import { freePort } from './ports.js';
import { testbedVar } from './testbed.js';

const compose = new URL('../../docker-compose.yml', import.meta.url);

/**
 * Traefik's static configuration as the install gives it: the traefik service's flags in
 * docker-compose.yml, each `${VAR:-default}` taken at its default, as on an install whose .env
 * sets none of them.
 */
export function traefikFlags(): string[] {
  const command: unknown = parse(readFileSync(compose, 'utf8')).services.traefik.command;
  if (!Array.isArray(command)) throw new Error('the traefik service in docker-compose.yml has no list of flags');
  return command.map((flag: string) => flag.replace(/\$\{[A-Z0-9_]+:-([^}]*)\}/g, '$1'));
}

/**
 * Starts Traefik as production does: the install's static configuration, the Docker socket
 * read-only, and a routes directory that control owns (here one of the test's, which the caller
 * may write production routes into). Its entrypoints (HTTP and HTTPS) are published on free
 * loopback ports. Resolves once Traefik answers; `container` is its ID, for control to connect
 * it to project networks.
 */
export async function startTraefik(network: string): Promise<{ port: number; httpsPort: number; routesDir: string; url: URL; container: string }> {
  const routesDir = mkdtempSync(join(tmpdir(), 'aether-routes-'));
  await installSharedRoutes(routesDir);
  // Ports of our choosing, not the engine's: an ephemeral one would change when the container restarts.
  const [port, httpsPort] = [await freePort(), await freePort()];
  const container = await docker.createContainer({
    Image: testbedVar('AETHER_IMAGE_TRAEFIK'),
    Cmd: traefikFlags(),
    Labels: { [TEST_LABEL]: TEST_RUN },
    ExposedPorts: { '80/tcp': {}, '443/tcp': {} },
    HostConfig: {
      Binds: [`${routesDir}:/etc/traefik/dynamic:ro`, '/var/run/docker.sock:/var/run/docker.sock:ro'],
      PortBindings: { '80/tcp': [{ HostIp: '127.0.0.1', HostPort: String(port) }], '443/tcp': [{ HostIp: '127.0.0.1', HostPort: String(httpsPort) }] },
      NetworkMode: network,
      // As the install's compose file has it: back with the engine after a restart.
      RestartPolicy: { Name: 'unless-stopped' },
    },
  });
  await container.start();
  await eventually(() => get(port, 'nobody.localhost'));
  return { port, httpsPort, routesDir, url: new URL(`http://127.0.0.1:${port}`), container: container.id };
}
