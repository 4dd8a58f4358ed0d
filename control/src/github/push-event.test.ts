import { describe, expect, it } from 'vitest';
import { decidePush, pushEventSchema, repositoryUrls } from './push-event.js';

const repository = { full_name: 'Octo/Site', clone_url: 'https://github.com/Octo/Site.git', html_url: 'https://github.com/Octo/Site' };
const after = 'a'.repeat(40);
const push = (fields: Record<string, unknown> = {}) => pushEventSchema.parse({ ref: 'refs/heads/main', after, repository, ...fields });
const project = { branch: 'main', autoDeploy: true };

describe('push events', () => {
  it('deploys a push to the project branch at the pushed commit', () => {
    expect(decidePush(project, push())).toEqual({ deploy: true, commit: after });
  });

  it('ignores, with a reason, pushes to other branches and tags, deletions, and projects with auto-deploy off', () => {
    expect(decidePush(project, push({ ref: 'refs/heads/dev' }))).toEqual({ deploy: false, reason: expect.stringContaining('refs/heads/dev') });
    expect(decidePush(project, push({ ref: 'refs/tags/main' }))).toMatchObject({ deploy: false });
    expect(decidePush(project, push({ deleted: true, after: '0'.repeat(40) }))).toEqual({ deploy: false, reason: 'the push deleted refs/heads/main' });
    expect(decidePush({ ...project, autoDeploy: false }, push())).toEqual({ deploy: false, reason: 'auto-deploy is off for this project' });
  });

  it('refuses a payload without a full commit SHA', () => {
    expect(pushEventSchema.safeParse({ ref: 'refs/heads/main', after: 'HEAD', repository }).success).toBe(false);
    expect(pushEventSchema.safeParse({ ref: 'refs/heads/main', after }).success).toBe(false);
  });

  it('names the repository by its clone and page URLs, ignoring case', () => {
    expect(repositoryUrls({ repository })).toEqual(['https://github.com/octo/site.git', 'https://github.com/octo/site']);
  });
});
