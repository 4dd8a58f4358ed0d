import type Docker from 'dockerode';
import { TEST_LABEL, TEST_RUN } from './docker.js';
import { testbedVar } from './testbed.js';

export const HELLO_PORT = 8080;

const server = `require('node:http').createServer((req, res) => res.end(process.env.GREETING)).listen(${HELLO_PORT})`;

/** A container that answers every request with its greeting, on the test bed's Node image. */
export function helloApp(options: {
  greeting: string;
  network: string;
  labels: Record<string, string>;
  healthcheck?: Docker.HealthConfig;
}): Docker.ContainerCreateOptions {
  return {
    Image: testbedVar('AETHER_IMAGE_NODE'),
    Cmd: ['node', '-e', server],
    Env: [`GREETING=${options.greeting}`],
    Labels: { ...options.labels, [TEST_LABEL]: TEST_RUN },
    ...(options.healthcheck && { Healthcheck: options.healthcheck }),
    HostConfig: { NetworkMode: options.network },
  };
}
