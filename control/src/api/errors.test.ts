import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { parse, Refusal } from '../../../shared/refusal.js';
import { GitHubError } from '../github/github-api.js';
import { ApiError, asApiError, notFound } from './errors.js';

const fields = (error: ApiError | null) => error && { status: error.status, message: error.message, field: error.field, headers: error.headers };

describe('what the API answers for an error', () => {
  it('answers a refusal with its status, message, field, and when to try again', () => {
    expect(fields(asApiError(new Refusal(409, 'the slug is taken', 'slug')))).toEqual({ status: 409, message: 'the slug is taken', field: 'slug', headers: {} });
    expect(fields(asApiError(new Refusal(429, 'too many', undefined, 30)))).toEqual({ status: 429, message: 'too many', field: undefined, headers: { 'retry-after': '30' } });
  });

  it('asks the user to sign in with GitHub again when GitHub refuses their token, and is a bad gateway for anything else GitHub says', () => {
    expect(fields(asApiError(new GitHubError(401, 'Bad credentials')))).toMatchObject({ status: 409, message: expect.stringMatching(/sign in with GitHub again/) });
    expect(fields(asApiError(new GitHubError(500, 'GitHub is down')))).toMatchObject({ status: 502, message: 'GitHub is down' });
  });

  it('passes an API error through, and leaves anything else to the 500 handler', () => {
    const error = notFound('project');
    expect(asApiError(error)).toBe(error);
    expect(fields(error)).toEqual({ status: 404, message: 'no such project', field: undefined, headers: {} });
    expect(asApiError(new Error('boom'))).toBeNull();
  });

  it('names the first field at fault, and the body when the whole of it is wrong', () => {
    const schema = z.object({ settings: z.object({ port: z.number() }) });
    expect(() => parse(schema, { settings: { port: 'x' } })).toThrow(expect.objectContaining({ status: 400, field: 'settings.port', message: expect.stringMatching(/^settings\.port: /) }));
    expect(() => parse(schema, null)).toThrow(expect.objectContaining({ status: 400, field: 'body' }));
    expect(parse(schema, { settings: { port: 3000 } })).toEqual({ settings: { port: 3000 } });
  });
});
