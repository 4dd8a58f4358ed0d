import { describe, expect, it } from 'vitest';
import { decodeBuildEvent, decodeBuildEventDeployment, decodeLogLine, encodeBuildEvent, encodeLogLine } from './build-streams.js';

const image = { imageId: 'sha256:abc', commit: { sha: 'a'.repeat(40), message: 'first' }, dockerfile: null, port: 3000, framework: 'Express' };

describe('build log lines on a stream', () => {
  it('decodes what the builder encoded', () => {
    const line = { timestamp: new Date('2026-01-02T03:04:05.678Z'), step: 2, stream: 'stderr' as const, text: 'npm warn' };
    expect(decodeLogLine(encodeLogLine(line))).toEqual(line);
  });

  it('refuses a line that breaks the contract', () => {
    expect(() => decodeLogLine(['at', 'yesterday', 'step', '1', 'stream', 'stdout', 'text', ''])).toThrow();
    expect(() => decodeLogLine(['at', '2026-01-02T03:04:05.678Z', 'step', '1', 'stream', 'tty', 'text', ''])).toThrow();
  });
});

describe('build events on a stream', () => {
  it('decodes what the builder encoded, and names the deployment', () => {
    const fields = encodeBuildEvent('d1', { type: 'canceled', reason: 'canceled' });
    expect(decodeBuildEvent(fields)).toEqual({ deploymentId: 'd1', event: { type: 'canceled', reason: 'canceled' } });
    expect(decodeBuildEventDeployment(fields)).toBe('d1');
  });

  it('carries what a build detected, generated Dockerfile or none', () => {
    for (const detected of [
      { type: 'detected', framework: 'Next.js', dockerfile: 'FROM node:24\n', repositorySettings: { buildCommand: 'next build', healthCheckPath: '/up' } },
      { type: 'detected', framework: 'Dockerfile', dockerfile: null, repositorySettings: null },
    ] as const) {
      expect(decodeBuildEvent(encodeBuildEvent('d1', detected)).event).toEqual(detected);
    }
    expect(() => decodeBuildEvent(['deploymentId', 'd1', 'event', JSON.stringify({ type: 'detected', framework: 'Go' })])).toThrow();
  });

  it('carries only what control keeps of a built image', () => {
    const built = { ...image, detection: { kind: 'node' } };
    expect(decodeBuildEvent(encodeBuildEvent('d1', { type: 'built', image: built })).event).toEqual({ type: 'built', image });
  });

  it("reads a built event from a builder older than the framework's field as of no framework", () => {
    const { framework: _, ...older } = image;
    const fields = ['deploymentId', 'd1', 'event', JSON.stringify({ type: 'built', image: older })];
    expect(decodeBuildEvent(fields).event).toEqual({ type: 'built', image: { ...image, framework: null } });
  });

  it('refuses an event that breaks the contract', () => {
    expect(() => decodeBuildEvent(['deploymentId', 'd1', 'event', JSON.stringify({ type: 'built' })])).toThrow();
    expect(() => decodeBuildEvent(['deploymentId', 'd1', 'event', JSON.stringify({ type: 'exploded' })])).toThrow();
    expect(() => encodeBuildEvent('d1', { type: 'failed' } as never)).toThrow();
  });
});
