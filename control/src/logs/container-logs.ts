import type Docker from 'dockerode';
import { createLogDecoder } from './docker-log-decoder.js';

/** The last `lines` lines a container wrote, stdout and stderr together, for a failed deployment's error. */
export async function containerLogTail(container: Docker.Container, lines: number): Promise<string> {
  const log = (await container.logs({ stdout: true, stderr: true, follow: false, tail: lines })) as Buffer;
  // Deployment containers have no TTY, so Docker multiplexes the two streams.
  const decoder = createLogDecoder({ tty: false });
  return [...decoder.push(log), ...decoder.end()].map((line) => line.text).join('\n');
}
