import { describe, expect, it } from 'vitest';
import { detected, IMAGES, stages } from './dockerfile-stages.test-support.js';
import { detect } from '../detect/index.js';
import { memoryTree } from '../detect/memory-tree.test-support.js';
import { dockerfileFor, generateDockerfile, renderDockerfile } from './index.js';
import { serverConfig, withServerRules } from './static-server-rules.js';

const SITE = detected({ 'index.html': '<h1>hi</h1>', '404.html': 'gone' });
const SERVER = detected({ 'package.json': JSON.stringify({ scripts: { start: 'node server.js' } }), 'package-lock.json': '{}' });
const RULES = {
  redirects: [
    { source: '/old/{*}', destination: '/new/$1' },
    { source: '/blog/**', destination: 'https://blog.example.com/', permanent: false },
  ],
  headers: [{ source: '/**', headers: { 'X-Frame-Options': 'DENY', 'X-Note': 'say "hi" \\ bye' } }],
};
const NONE = { redirects: [], headers: [] };

describe("static-web-server's rules", () => {
  it('are its TOML, redirects in their order, permanent unless said otherwise, every string quoted', () => {
    expect(serverConfig(RULES)).toBe(`[[advanced.redirects]]
source = "/old/{*}"
destination = "/new/$1"
kind = 301

[[advanced.redirects]]
source = "/blog/**"
destination = "https://blog.example.com/"
kind = 302

[[advanced.headers]]
source = "/**"
[advanced.headers.headers]
"X-Frame-Options" = "DENY"
"X-Note" = "say \\"hi\\" \\\\ bye"
`);
  });

  it('reach the file server from a stage of their own, never from the files it publishes', () => {
    const plain = generateDockerfile(SITE, IMAGES, {});
    const ruled = withServerRules(plain, RULES, IMAGES.node);
    const [config, server] = stages(ruled.dockerfile);
    expect(config).toEqual({ from: `FROM ${IMAGES.node} AS static-server-config`, lines: [`RUN ${JSON.stringify(['sh', '-c', 'printf "%s" "$1" > "$2"', 'sh', serverConfig(RULES), '/etc/static-web-server.toml'])}`] });
    expect(server?.lines.slice(0, 2)).toEqual(['ENV SERVER_CONFIG_FILE=/etc/static-web-server.toml', 'COPY --from=static-server-config /etc/static-web-server.toml /etc/static-web-server.toml']);
    expect(server?.lines.slice(2)).toEqual(stages(plain.dockerfile)[0]?.lines);
    // The config's text is one JSON argument: its quotes and line breaks start nothing in the Dockerfile.
    expect(renderDockerfile(ruled.dockerfile).split('\n').filter((line) => /^[A-Z]+ /.test(line)).map((line) => line.split(' ')[0])).toEqual(['FROM', 'RUN', 'FROM', 'ENV', 'COPY', 'ENV', 'ENV', 'ENV', 'ENV', 'ENV', 'COPY', 'USER', 'EXPOSE']);
  });

  it('reach the file server when there are redirects only, or headers only', () => {
    const plain = generateDockerfile(SITE, IMAGES, {});
    for (const rules of [{ ...NONE, redirects: RULES.redirects }, { ...NONE, headers: RULES.headers }]) {
      const [config] = stages(withServerRules(plain, rules, IMAGES.node).dockerfile);
      expect(config?.lines).toEqual([`RUN ${JSON.stringify(['sh', '-c', 'printf "%s" "$1" > "$2"', 'sh', serverConfig(rules), '/etc/static-web-server.toml'])}`]);
    }
  });

  it('leave a Dockerfile alone when there are none', () => {
    const plain = generateDockerfile(SITE, IMAGES, {});
    expect(withServerRules(plain, NONE, IMAGES.node)).toBe(plain);
    expect(withServerRules(generateDockerfile(SERVER, IMAGES, {}), NONE, IMAGES.node).dockerfile.stages).toHaveLength(generateDockerfile(SERVER, IMAGES, {}).dockerfile.stages.length);
  });

  it("are refused for an app that runs its own server, which would never read them", () => {
    const server = generateDockerfile(SERVER, IMAGES, {});
    expect(() => withServerRules(server, RULES, IMAGES.node)).toThrow('aether.json: redirects does not apply: it applies to static output only, and this app runs a server');
    expect(() => withServerRules(server, { ...NONE, headers: RULES.headers }, IMAGES.node)).toThrow('headers does not apply');
  });

  it("are refused for a repository's own Dockerfile, for which Aether writes nothing", () => {
    const own = detect(memoryTree({ Dockerfile: 'FROM scratch\n' }), '');
    expect(dockerfileFor(own, IMAGES, {}, NONE)).toBeNull();
    expect(() => dockerfileFor(own, IMAGES, {}, RULES)).toThrow("aether.json: redirects does not apply: it applies to static output only, and the repository's Dockerfile serves what it builds");
    expect(dockerfileFor(SITE, IMAGES, {}, RULES)).toEqual(withServerRules(generateDockerfile(SITE, IMAGES, {}), RULES, IMAGES.node));
  });
});
