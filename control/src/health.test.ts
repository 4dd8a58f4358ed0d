import { describe, expect, it } from 'vitest';
import { checkHealth } from './health.js';

describe('checkHealth', () => {
  it('is healthy when every probe answers', async () => {
    const report = await checkHealth({ postgres: async () => 1, redis: async () => 'PONG' });
    expect(report).toEqual({ healthy: true, components: { postgres: { status: 'ok' }, redis: { status: 'ok' } } });
  });

  it('names the component that failed, with its error, and keeps the others', async () => {
    const report = await checkHealth({
      postgres: async () => 1,
      redis: async () => {
        throw new Error('connect ECONNREFUSED 127.0.0.1:6379');
      },
    });
    expect(report.healthy).toBe(false);
    expect(report.components).toEqual({
      postgres: { status: 'ok' },
      redis: { status: 'down', error: 'connect ECONNREFUSED 127.0.0.1:6379' },
    });
  });

  it('reports a probe that hangs as down instead of hanging itself', async () => {
    const report = await checkHealth({ docker: () => new Promise(() => {}) }, 50);
    expect(report.components.docker).toEqual({ status: 'down', error: 'no answer in 50 ms' });
  });
});
