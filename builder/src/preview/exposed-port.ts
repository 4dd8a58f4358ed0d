import { parseDockerfile } from '../dockerfile/parse-dockerfile.js';

/**
 * The TCP port a Dockerfile's final stage EXPOSEs first, or null when it exposes none Aether can
 * read without building (a port from an ARG or ENV, or UDP only).
 */
export function exposedPort(text: string): number | null {
  const { instructions } = parseDockerfile(text);
  const finalStage = instructions.slice(instructions.findLastIndex((i) => i.keyword === 'FROM') + 1);
  const ports = finalStage.filter((i) => i.keyword === 'EXPOSE').flatMap((i) => i.args.split(/\s+/));
  const tcp = ports.map((port) => /^(\d{1,5})(\/tcp)?$/i.exec(port)).find((match) => match !== null);
  const port = tcp === undefined ? null : Number(tcp![1]);
  return port !== null && port >= 1 && port <= 65535 ? port : null;
}
