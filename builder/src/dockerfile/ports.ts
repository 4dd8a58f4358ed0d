import type { BuildSettings } from '../../../contract/build-settings.js';
import type { GeneratedDetection } from './index.js';

// Ports the generated images listen on unless the settings choose one. Each is the usual one for
// its stack; static files get 8080 rather than 80 so the unprivileged server needs no capability.
export const NODE_PORT = 3000;
export const PYTHON_PORT = 8000;
export const GO_PORT = 8080;
export const STATIC_PORT = 8080;

/** The port the generated image's app listens on, which the router must send traffic to. */
export function listenPort(detection: GeneratedDetection, settings: BuildSettings): number {
  return settings.port ?? defaultPort(detection);
}

function defaultPort(detection: GeneratedDetection): number {
  switch (detection.kind) {
    case 'node':
      return detection.app.type === 'spa' ? STATIC_PORT : NODE_PORT;
    case 'python':
      return PYTHON_PORT;
    case 'go':
      return GO_PORT;
    case 'static':
      return STATIC_PORT;
  }
}
