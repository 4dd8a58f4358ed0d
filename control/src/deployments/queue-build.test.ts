import { describe, expect, it } from 'vitest';
import { buildCredentials, buildRequest, imageTag } from './queue-build.js';

const project = {
  id: 'p1',
  slug: 'blog',
  repository: 'https://github.com/acme/blog.git',
  branch: 'main',
  rootDirectory: 'apps/blog',
  settings: { buildCommand: 'npm run build', healthCheckPath: '/health', memoryMb: 512 },
};

describe('the build a deployment asks for', () => {
  it('tags every image of a project under one name, by deployment', () => {
    expect(imageTag(project, 'd1')).toBe('aether/blog:d1');
  });

  it('builds the head of the project’s branch, with the build part of its settings only', () => {
    expect(buildRequest('prod', 'd1', project, undefined)).toEqual({
      instance: 'prod',
      deploymentId: 'd1',
      projectId: 'p1',
      repository: 'https://github.com/acme/blog.git',
      revision: { kind: 'branch', branch: 'main' },
      rootDirectory: 'apps/blog',
      settings: { buildCommand: 'npm run build' },
      tag: 'aether/blog:d1',
    });
  });

  it('builds the exact commit it is given', () => {
    expect(buildRequest('prod', 'd1', project, 'a1b2c3').revision).toEqual({ kind: 'commit', sha: 'a1b2c3' });
  });

  it('seals the token with the variables only when there is one', () => {
    const variables = [{ name: 'API_URL', value: 'https://api.example', secret: false }];
    expect(buildCredentials(variables, 'ghs_token')).toEqual({ variables, token: 'ghs_token' });
    expect(buildCredentials(variables, undefined)).toStrictEqual({ variables });
  });
});
