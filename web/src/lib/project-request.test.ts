import { describe, expect, it } from 'vitest';
import { type ProjectForm, projectRequest } from './project-request.js';

const blank: ProjectForm = { slug: 'shop', branch: '', rootDirectory: '', installCommand: '', buildCommand: '', startCommand: '', outputDir: '', port: '' };

describe('projectRequest', () => {
  it('sends only the slug when nothing else is filled, so the API detects the rest', () => {
    expect(projectRequest(blank)).toEqual({ ok: true, request: { slug: 'shop' } });
    expect(projectRequest({ ...blank, branch: '  ', buildCommand: ' ' })).toEqual({ ok: true, request: { slug: 'shop' } });
  });

  it('sends what was filled, trimmed, with the port as a number', () => {
    const form = { ...blank, slug: ' shop ', branch: 'release', rootDirectory: 'apps/web', buildCommand: ' npm run build ', outputDir: 'dist', port: '8080' };
    expect(projectRequest(form)).toEqual({
      ok: true,
      request: { slug: 'shop', branch: 'release', rootDirectory: 'apps/web', settings: { buildCommand: 'npm run build', outputDir: 'dist', port: 8080 } },
    });
  });

  it.each(['80a', '3.5', '-1', '1e3', '123456'])('names the Port field for %s, which is no whole number to send', (port) => {
    expect(projectRequest({ ...blank, port })).toEqual({ ok: false, field: 'settings.port', message: expect.stringContaining('whole number') });
  });

  it('leaves a port out of range to the API, which names the field itself', () => {
    expect(projectRequest({ ...blank, port: '70000' })).toEqual({ ok: true, request: { slug: 'shop', settings: { port: 70000 } } });
  });
});
