import { describe, expect, it } from 'vitest';
import type { ProjectReply } from '../../../control/src/api/replies.js';
import { projectUrl } from './project-url.js';

const project = { slug: 'shop' } as ProjectReply;

describe('projectUrl', () => {
  it('is the project reply’s own when it carries one', () => {
    expect(projectUrl({ ...project, url: 'https://shop.apps.example.com' }, [])).toBe('https://shop.apps.example.com');
  });

  it('is a deployment’s host without its label, scheme and port kept', () => {
    expect(projectUrl(project, [{ url: 'https://0a1b2c3d--shop.apps.example.com' }])).toBe('https://shop.apps.example.com');
    expect(projectUrl(project, [{ url: 'http://0a1b2c3d--my-shop.localhost:8080' }])).toBe('http://my-shop.localhost:8080');
  });

  it('is unknown before the first deployment', () => {
    expect(projectUrl(project, [])).toBeNull();
  });
});
