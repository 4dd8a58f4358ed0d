import { z } from 'zod';
import { readEnvironment } from '../../shared/environment.js';

// The images generated Dockerfiles start from. Production uses the official images; a machine
// that cannot pull (the test bed, an air-gapped host) points each variable at its own.

export interface BaseImages {
  node: string;
  python: string;
  go: string;
  /** A static file server that serves /public, as joseluisq/static-web-server does. */
  static: string;
}

// [registry[:port]/]path[:tag][@sha256:digest], as Docker's reference grammar has it.
const imageReference = z
  .string()
  .regex(
    /^([a-z0-9.-]+(:[0-9]+)?\/)?[a-z0-9]+([._-]+[a-z0-9]+)*(\/[a-z0-9]+([._-]+[a-z0-9]+)*)*(:[\w][\w.-]{0,127})?(@sha256:[a-f0-9]{64})?$/,
    'expected a Docker image reference such as node:24-bookworm-slim',
  );

const schema = z.object({
  AETHER_IMAGE_NODE: imageReference.default('node:24-bookworm-slim'),
  AETHER_IMAGE_PYTHON: imageReference.default('python:3.11-slim-bookworm'),
  AETHER_IMAGE_GO: imageReference.default('golang:1-bookworm'),
  AETHER_IMAGE_STATIC: imageReference.default('joseluisq/static-web-server:2'),
});

export function baseImages(env: Record<string, string | undefined>): BaseImages {
  const vars = readEnvironment(schema, env, 'base image configuration');
  return {
    node: vars.AETHER_IMAGE_NODE,
    python: vars.AETHER_IMAGE_PYTHON,
    go: vars.AETHER_IMAGE_GO,
    static: vars.AETHER_IMAGE_STATIC,
  };
}
