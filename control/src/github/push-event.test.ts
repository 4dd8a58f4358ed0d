import { describe, expect, it } from 'vitest';
import { type BranchHistory, decidePush, pushEventSchema, repositoryUrls } from './push-event.js';

const repository = { full_name: 'Octo/Site', clone_url: 'https://github.com/Octo/Site.git', html_url: 'https://github.com/Octo/Site' };
const [a, b, c, d] = ['a', 'b', 'c', 'd'].map((x) => x.repeat(40)) as [string, string, string, string];
const zeros = '0'.repeat(40);
const push = (fields: Record<string, unknown> = {}) => pushEventSchema.parse({ ref: 'refs/heads/main', before: a, after: b, repository, ...fields });
const project = { branch: 'main', autoDeploy: true };
/** The branch as Aether last saw it: at `a`, with no earlier head that this push returns to. */
const atA: BranchHistory = { head: a, afterWasHead: false };
const fresh: BranchHistory = { head: null, afterWasHead: false };

describe('push events', () => {
  it('deploys a push to the project branch at the pushed commit, and records it as the head', () => {
    expect(decidePush(project, push(), atA)).toEqual({ deploy: true, commit: b });
    expect(decidePush(project, push(), fresh)).toEqual({ deploy: true, commit: b });
  });

  it('ignores, with a reason, pushes to other branches and tags, deletions, and projects with auto-deploy off', () => {
    expect(decidePush(project, push({ ref: 'refs/heads/dev' }), atA)).toEqual({ deploy: false, reason: expect.stringContaining('refs/heads/dev'), head: null });
    expect(decidePush(project, push({ ref: 'refs/tags/main' }), atA)).toMatchObject({ deploy: false, head: null });
    expect(decidePush(project, push({ deleted: true, after: zeros }), atA)).toEqual({ deploy: false, reason: 'the push deleted refs/heads/main', head: zeros });
    expect(decidePush({ ...project, autoDeploy: false }, push(), atA)).toEqual({ deploy: false, reason: 'auto-deploy is off for this project', head: b });
  });

  it('a replayed push of the current head does not redeploy it', () => {
    expect(decidePush(project, push({ before: a, after: b }), { head: b, afterWasHead: true })).toEqual({
      deploy: false,
      reason: `refs/heads/main is at ${b} already: a replayed push is not acted on`,
      head: null,
    });
  });

  it('a replayed older push does not take the branch back to an old commit', () => {
    // a → b, then b → c were taken; a replay of a → b comes.
    expect(decidePush(project, push({ before: a, after: b }), { head: c, afterWasHead: true })).toEqual({
      deploy: false,
      reason: `refs/heads/main was at ${b} before and has moved on since: a replayed or stale push is not acted on`,
      head: null,
    });
    // Nor does a replayed deletion, or the branch's creation, once it was recreated and moved on.
    expect(decidePush(project, push({ before: b, after: zeros, deleted: true }), { head: c, afterWasHead: true })).toMatchObject({ deploy: false, head: null });
  });

  it('a force-push back to an older commit deploys it: it starts from the latest head', () => {
    expect(decidePush(project, push({ before: c, after: a }), { head: c, afterWasHead: true })).toEqual({ deploy: true, commit: a });
  });

  it('a push after pushes Aether missed deploys, when it leads somewhere new', () => {
    expect(decidePush(project, push({ before: c, after: d }), atA)).toEqual({ deploy: true, commit: d });
  });

  it('a branch recreated after its deletion deploys', () => {
    expect(decidePush(project, push({ before: zeros, after: d }), { head: zeros, afterWasHead: false })).toEqual({ deploy: true, commit: d });
  });

  it('refuses a payload without full commit SHAs', () => {
    expect(pushEventSchema.safeParse({ ref: 'refs/heads/main', before: a, after: 'HEAD', repository }).success).toBe(false);
    expect(pushEventSchema.safeParse({ ref: 'refs/heads/main', after: b, repository }).success).toBe(false);
    expect(pushEventSchema.safeParse({ ref: 'refs/heads/main', before: a, after: b }).success).toBe(false);
  });

  it('names the repository by its clone and page URLs, ignoring case', () => {
    expect(repositoryUrls({ repository })).toEqual(['https://github.com/octo/site.git', 'https://github.com/octo/site']);
  });
});
