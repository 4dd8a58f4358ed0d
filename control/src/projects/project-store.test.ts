import { describe, expect, it } from 'vitest';
import { Refusal } from '../../../shared/refusal.js';
import { savedProject } from './project-store.js';

/** An error as node-postgres raises it through drizzle: Postgres's code on the cause. */
const failure = (code: string) => new Error('query failed', { cause: Object.assign(new Error('pg'), { code }) });

describe('a write of a project', () => {
  it('refuses a taken slug as the client’s to fix, naming the field', async () => {
    await expect(savedProject(() => Promise.reject(failure('23505')))).rejects.toMatchObject({ status: 409, field: 'slug', message: expect.stringMatching(/slug exists/) });
  });

  it('lets any other failure through as it is, not as a taken slug', async () => {
    const other = failure('23503');
    const thrown = await savedProject(() => Promise.reject(other)).catch((error: unknown) => error);
    expect(thrown).toBe(other);
    expect(thrown).not.toBeInstanceOf(Refusal);
  });
});
