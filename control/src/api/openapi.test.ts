import { createConfig, lintFromString } from '@redocly/openapi-core';
import { describe, expect, it } from 'vitest';
import { apiOperations } from './index.js';
import { z } from 'zod';
import { type Operation, openApiDocument, openApiPath } from './openapi.js';

// Redocly's recommended rules, less what does not fit this API; each exception says why.
const rules = {
  // The project declares no licence (no LICENSE file, none in package.json): the document may not claim one.
  'info-license': 'off',
  'info-license-strict': 'off',
} as const;

/** Operations a rule does not fit, by operationId. */
const waived: Record<string, string[]> = {
  // Browser flows: a redirect, to GitHub or back to the dashboard, is how each succeeds.
  'operation-2xx-response': ['startGitHubSignIn', 'connectGitHub', 'handleGitHubCallback'],
  // Public and without input: nothing a client sends can be refused.
  'operation-4xx-response': ['getOpenApiDocument', 'getAuthStatus'],
};

function responsesPointer(operationId: string): string {
  const operation = apiOperations.find((o) => o.operationId === operationId)!;
  return `#/paths/${openApiPath(operation.path).replaceAll('~', '~0').replaceAll('/', '~1')}/${operation.method}/responses`;
}

async function lint(document: unknown) {
  const problems = await lintFromString({
    source: JSON.stringify(document),
    absoluteRef: 'openapi.json',
    config: await createConfig({ extends: ['recommended'], rules }),
  });
  return problems.map(({ severity, ruleId, message, location }) => ({ ruleId, pointer: location[0]!.pointer!, text: `${severity} ${ruleId} at ${location[0]!.pointer}: ${message}` }));
}

describe('the OpenAPI document', () => {
  it("passes Redocly's recommended rules, warnings included", async () => {
    const problems = await lint(openApiDocument(apiOperations));
    const isWaived = (p: { ruleId: string; pointer: string }) => (waived[p.ruleId] ?? []).map(responsesPointer).includes(p.pointer);
    expect(problems.filter((p) => !isWaived(p)).map((p) => p.text)).toEqual([]);
    // A waiver the document no longer needs goes.
    const stillNeeded = Object.entries(waived).flatMap(([ruleId, ids]) => ids.filter((id) => problems.some((p) => p.ruleId === ruleId && p.pointer === responsesPointer(id))));
    expect(stillNeeded).toEqual(Object.values(waived).flat());
  });

  it('names every operation once', () => {
    const ids = apiOperations.map((o) => o.operationId);
    expect(ids.filter((id, i) => ids.indexOf(id) !== i)).toEqual([]);
    expect(ids.filter((id) => !/^[a-z][a-zA-Z]*$/.test(id))).toEqual([]);
  });
});

describe('an operation in the document', () => {
  const operation: Operation = {
    operationId: 'renameThing',
    method: 'patch',
    path: '/things/:thingId',
    summary: 'Rename a thing',
    auth: 'user',
    query: z.object({ dryRun: z.boolean(), note: z.string().optional() }),
    headers: z.object({ 'If-Match': z.string() }),
    body: z.object({ name: z.string() }),
    responses: { 200: 'renamed', 400: 'a field is invalid' },
  };
  const error = { content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } };

  it('describes its path, query and header parameters, its body, who may call it, and the error shape of its refusals', () => {
    const document = openApiDocument([operation, { operationId: 'ping', method: 'get', path: '/ping', summary: 'Ping', auth: 'public', responses: { 204: 'pong' } }]);
    expect(document.paths).toEqual({
      '/things/{thingId}': {
        patch: {
          operationId: 'renameThing',
          summary: 'Rename a thing',
          security: [{ session: [] }, { token: [] }],
          parameters: [
            { name: 'thingId', in: 'path', required: true, schema: { type: 'string' } },
            { name: 'dryRun', in: 'query', required: true, schema: { type: 'boolean' } },
            { name: 'note', in: 'query', required: false, schema: { type: 'string' } },
            { name: 'If-Match', in: 'header', required: true, schema: { type: 'string' } },
          ],
          requestBody: {
            required: true,
            content: { 'application/json': { schema: { type: 'object', properties: { name: { type: 'string' } }, required: ['name'] } } },
          },
          responses: { 200: { description: 'renamed' }, 400: { description: 'a field is invalid', ...error } },
        },
      },
      '/ping': { get: { operationId: 'ping', summary: 'Ping', security: [], parameters: [], responses: { 204: { description: 'pong' } } } },
    });
  });

  it('describes a query of optional fields only as optional, so a generated client does not demand them', () => {
    const search: Operation = { operationId: 'search', method: 'get', path: '/search', summary: 'Search', auth: 'public', query: z.object({ q: z.string().optional(), page: z.coerce.number().default(1) }), responses: { 200: 'found' } };
    const described = openApiDocument([search]).paths as Record<string, { get: { parameters: Array<{ name: string; required: boolean }> } }>;
    expect(described['/search']!.get.parameters.map(({ name, required }) => ({ name, required }))).toEqual([
      { name: 'q', required: false },
      { name: 'page', required: false },
    ]);
  });

  it('tells how to authenticate, served from this install’s own /api, and what every refusal looks like', () => {
    const document = openApiDocument([operation]) as { openapi: string; info: unknown; servers: unknown; components: Record<string, unknown> };
    expect([document.openapi, document.info, document.servers]).toEqual(['3.1.0', { title: 'Aether API', version: '0.1.0' }, [{ url: '/api' }]]);
    expect(document.components).toEqual({
      securitySchemes: {
        session: { type: 'apiKey', in: 'cookie', name: '__Host-aether_session', description: 'aether_session where the dashboard is on plain HTTP and not on localhost' },
        token: { type: 'http', scheme: 'bearer', description: 'An API token from POST /api/tokens' },
        githubSignature: { type: 'apiKey', in: 'header', name: 'X-Hub-Signature-256' },
      },
      schemas: {
        Error: {
          type: 'object',
          required: ['error'],
          properties: {
            error: { type: 'object', required: ['message'], properties: { message: { type: 'string' }, field: { type: 'string', description: 'The request field at fault' } } },
          },
        },
      },
    });
  });
});
