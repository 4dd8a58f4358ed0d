import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createApp } from './app.js';

const webDir = mkdtempSync(join(tmpdir(), 'aether-web-'));
writeFileSync(join(webDir, 'index.html'), '<div id="root"></div>');
const app = createApp({ probes: {}, webDir });

describe('the app', () => {
  it("answers a path the dashboard routes in the browser with the dashboard's page", async () => {
    const page = await app.request('/projects/some-id/settings');
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<div id="root">');
  });

  it('answers an API path no route takes with a JSON 404, never the dashboard’s page', async () => {
    const reply = await app.request('/api/no-such-thing');
    expect(reply.status).toBe(404);
    expect(await reply.json()).toEqual({ error: { message: 'no such API route: GET /api/no-such-thing' } });
  });

  it("serves aether.json's schema, the one docs/aether.schema.json publishes", async () => {
    const reply = await app.request('/aether.schema.json');
    expect(reply.status).toBe(200);
    const published: unknown = JSON.parse(readFileSync(new URL('../../docs/aether.schema.json', import.meta.url), 'utf8'));
    // Run `npx tsx scripts/aether-schema.ts` when this fails after a settings change.
    expect(await reply.json()).toEqual(published);
    expect(published).toMatchObject({ title: 'aether.json', additionalProperties: false, properties: { buildCommand: { type: 'string' }, port: { maximum: 65535 } } });
  });
});
