import { describe, expect, it } from 'vitest';
import { DetectionError } from './detection.js';
import { memoryTree } from './memory-tree.test-support.js';
import { readRepositorySettings } from './repository-settings.js';

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
});
