import { describe, expect, it } from 'vitest';
import { DetectionError } from './detection.js';
import { memoryTree } from './memory-tree.test-support.js';
import { buildPartOf, readRepositorySettings, serverRulesOf } from './repository-settings.js';

const read = (text: string, path = '') => () => readRepositorySettings(memoryTree({ [path === '' ? 'aether.json' : `${path}/aether.json`]: text }), path);

describe("a repository's aether.json", () => {
  it("is read at the app's root directory, without its $schema", () => {
    const file = JSON.stringify({ $schema: 'https://aether.example.com/aether.schema.json', startCommand: 'node dist/server.js', port: 8000, healthCheckPath: '/up' });
    expect(read(file, 'apps/web')()).toEqual({ startCommand: 'node dist/server.js', port: 8000, healthCheckPath: '/up' });
    expect(readRepositorySettings(memoryTree({ 'apps/web/aether.json': file }), '')).toBeNull();
  });

  it('is no settings at all when absent', () => {
    expect(readRepositorySettings(memoryTree({ 'package.json': '{}' }), '')).toBeNull();
  });

  it('fails the build naming the file and the field it cannot use', () => {
    expect(read('{ "port": 3000, }')).toThrow(/^aether\.json is not valid JSON: /);
    expect(read(JSON.stringify({ buildCommand: 'make\nRUN curl evil' }))).toThrow('aether.json: buildCommand must be a single line');
    expect(read(JSON.stringify({ port: 70000 }))).toThrow('aether.json: port must be a whole number from 1 to 65535');
    expect(read(JSON.stringify({ outputDir: '../../etc' }))).toThrow(/^aether\.json: outputDir must be a relative path/);
    expect(read(JSON.stringify({ healthCheckPath: 'up' }))).toThrow("aether.json: healthCheckPath must start with '/'");
    expect(read(JSON.stringify({ startcommand: 'node x' }))).toThrow(/^aether\.json: Unrecognized key: "startcommand"/);
    expect(read('[]')).toThrow(DetectionError);
  });

  it('takes redirects and headers for the file server, not as project settings', () => {
    const redirects = [{ source: '/old/{*}', destination: '/new/$1' }, { source: '/blog/**', destination: 'https://blog.example.com/', permanent: false }];
    const headers = [{ source: '/**', headers: { 'X-Frame-Options': 'DENY', 'Cache-Control': 'no-store, "private"' } }];
    const settings = read(JSON.stringify({ outputDir: 'dist', redirects, headers }))();
    expect(serverRulesOf(settings)).toEqual({ redirects, headers });
    expect(buildPartOf(settings)).toEqual({ outputDir: 'dist' });
    expect(serverRulesOf(null)).toEqual({ redirects: [], headers: [] });
  });

  it("refuses redirects and headers the file server would misread or stop on, naming the rule's field", () => {
    const redirect = (rule: object) => read(JSON.stringify({ redirects: [{ source: '/a', destination: '/b', ...rule }] }));
    const header = (rule: object) => read(JSON.stringify({ headers: [{ source: '/**', headers: { 'X-A': 'b' }, ...rule }] }));
    // A line break and quotes would end the config file's string and start settings of their own.
    expect(redirect({ destination: '/b"\n[general]\nroot = "/' })).toThrow('aether.json: redirects.0.destination must be a path or URL of printable characters with no spaces');
    expect(redirect({ source: 'old' })).toThrow("aether.json: redirects.0.source must start with '/' or '*'");
    expect(redirect({ source: '/a/{b' })).toThrow('aether.json: redirects.0.source has an unclosed or nested { }');
    expect(redirect({ source: '/a/{b,{c}}' })).toThrow('has an unclosed or nested');
    expect(redirect({ source: '/a/b}' })).toThrow('has an unclosed or nested');
    // Classes the server's glob reader refuses when it starts, so none are taken.
    for (const source of ['/a[]', '/[z-a]', '/a\\']) expect(redirect({ source })).toThrow('aether.json: redirects.0.source takes *, ** and {a,b}, not [ ] or \\');
    // All of it reaches its file as one program argument, which Linux caps at 128 KiB.
    const long = { source: '/a', headers: Object.fromEntries(Array.from({ length: 9 }, (_, i) => [`X-${i}`, 'v'.repeat(4000)])) };
    expect(read(JSON.stringify({ headers: [long] }))).toThrow('aether.json: headers are more than 32 KB of rules together');
    expect(redirect({ status: 307 })).toThrow(/^aether\.json: redirects\.0 Unrecognized key: "status"/);
    expect(header({ headers: { 'Content-Length': '0' } })).toThrow('aether.json: headers.0.headers.Content-Length is set by the server itself');
    expect(header({ headers: { 'X-A: b\r\nX-B': 'c' } })).toThrow('must be an HTTP header name');
    expect(header({ headers: { 'X-A': 'b\nc' } })).toThrow('aether.json: headers.0.headers.X-A must be printable ASCII');
    expect(header({ headers: {} })).toThrow('aether.json: headers.0.headers names no header');
    expect(read(JSON.stringify({ redirects: Array(101).fill({ source: '/a', destination: '/b' }) }))).toThrow(/^aether\.json: redirects /);
    expect(redirect({ source: '/a/{b,c}/*.html' })).not.toThrow();
  });
});
