import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { parse } from '../../../../shared/refusal.js';
import { deploymentsQuery } from './deployments.js';
import { githubCallbackQuery, importRequest, repositoriesQuery } from './github.js';
import { runtimeLogsHeaders, runtimeLogsQuery } from './logs.js';
import { projectFields, projectsQuery } from './projects.js';
import { webhookHeaders } from './webhooks.js';

// What the API refuses before anything is read or written, and the field each refusal names.

/** The field a refusal names, or 'ok'. */
function verdict(schema: z.ZodType, input: unknown): string {
  try {
    parse(schema, input);
    return 'ok';
  } catch (error) {
    return (error as { field: string }).field;
  }
}

describe('a new project', () => {
  const project = { slug: 'blog', repository: 'https://github.com/acme/blog.git' };

  it('takes a slug of lower-case letters and digits joined by single hyphens, which its hosts are made of', () => {
    for (const slug of ['blog', 'my-blog-2', 'a']) expect(verdict(projectFields, { ...project, slug }), slug).toBe('ok');
    for (const slug of ['Blog', 'my--blog', '-blog', 'blog-', 'blog.example', '', 'x'.repeat(54)]) expect(verdict(projectFields, { ...project, slug }), slug).toBe('slug');
  });

  it('refuses an unknown field, an empty or overlong repository, and settings it does not know, naming each', () => {
    expect(verdict(projectFields, { ...project, owner: 'someone' })).toBe('body');
    expect(verdict(projectFields, { ...project, repository: '' })).toBe('repository');
    expect(verdict(projectFields, { ...project, repository: `https://e.com/${'a'.repeat(2048)}` })).toBe('repository');
    expect(verdict(projectFields, { ...project, settings: { startCommand: 'node .', cacheEverything: true } })).toBe('settings');
    expect(verdict(projectFields, { ...project, autoDeploy: 'yes' })).toBe('autoDeploy');
  });

  it('pages projects 1 to 100 at a time, from page 1', () => {
    expect(parse(projectsQuery, {})).toEqual({ page: 1, perPage: 50 });
    expect(parse(projectsQuery, { page: '3', perPage: '100' })).toEqual({ page: 3, perPage: 100 });
    expect([verdict(projectsQuery, { page: '0' }), verdict(projectsQuery, { perPage: '101' }), verdict(projectsQuery, { page: 'x' })]).toEqual(['page', 'perPage', 'page']);
  });
});

describe('an import from GitHub', () => {
  it('takes owner/name as GitHub names repositories, and nothing that climbs out of it', () => {
    for (const repository of ['acme/blog', 'a-b/c.d_e-f', 'x/.github']) expect(verdict(importRequest, { repository }), repository).toBe('ok');
    for (const repository of ['acme/..', 'acme/.', '../etc', 'acme/blog/x', 'acme/blog ', ' acme/blog', 'acme', 'https://github.com/acme/blog', 'ac me/blog']) {
      expect(verdict(importRequest, { repository }), repository).toBe('repository');
    }
  });

  it('searches and pages the user’s repositories within GitHub’s bounds', () => {
    expect(parse(repositoriesQuery, { search: '  blog ' })).toEqual({ search: 'blog', page: 1, perPage: 30 });
    expect([verdict(repositoriesQuery, { perPage: '101' }), verdict(repositoriesQuery, { page: '1001' }), verdict(repositoriesQuery, { search: 'x'.repeat(101) })]).toEqual(['perPage', 'page', 'search']);
  });

  it('needs the state and the code GitHub sends back', () => {
    expect(verdict(githubCallbackQuery, { code: 'c' })).toBe('state');
    expect(verdict(githubCallbackQuery, { state: 's', code: '' })).toBe('code');
  });
});

describe('the rest of the API’s requests', () => {
  it('filters deployments only by a status that exists and a branch of sane length', () => {
    expect(parse(deploymentsQuery, { status: 'ready', branch: 'main' })).toEqual({ status: 'ready', branch: 'main' });
    expect([verdict(deploymentsQuery, { status: 'live' }), verdict(deploymentsQuery, { branch: '' }), verdict(deploymentsQuery, { branch: 'b'.repeat(256) })]).toEqual(['status', 'branch', 'branch']);
  });

  it('resumes a runtime log only after an event ID of digits', () => {
    expect(verdict(runtimeLogsQuery, { lastEventId: '12345' })).toBe('ok');
    for (const id of ['12a', ' 1', '1 ', '-1', '1'.repeat(21)]) expect(verdict(runtimeLogsQuery, { lastEventId: id }), id).toBe('lastEventId');
    expect(verdict(runtimeLogsHeaders, { 'Last-Event-ID': 'x' })).toBe('Last-Event-ID');
  });

  it('takes a webhook delivery only with its event and delivery ID', () => {
    expect(verdict(webhookHeaders, { 'x-github-event': 'push', 'x-github-delivery': 'abc' })).toBe('ok');
    expect(verdict(webhookHeaders, { 'x-github-delivery': 'abc' })).toBe('x-github-event');
    expect(verdict(webhookHeaders, { 'x-github-event': 'push', 'x-github-delivery': '' })).toBe('x-github-delivery');
  });
});
