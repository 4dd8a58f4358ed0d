import { z } from 'zod';
import { SESSION_COOKIE } from './session.js';

// The API describes itself at /api/openapi.json. Each route module lists its operations beside
// its handlers, with the very zod schemas the handlers parse, so the document cannot drift from
// what the API accepts; a test checks that every route Hono serves is listed.

export type HttpMethod = 'get' | 'post' | 'put' | 'patch' | 'delete';

export interface Operation {
  /** The name generated clients give the call (camelCase, unique): it outlives a change of path. */
  operationId: string;
  method: HttpMethod;
  /** Hono's pattern under /api, `:name` for a path parameter. */
  path: string;
  summary: string;
  /** Who may call: anyone, a signed-in user (session cookie or API token), the admin, or GitHub signing its webhook. */
  auth: 'public' | 'user' | 'admin' | 'github-signature';
  body?: z.ZodType;
  query?: z.ZodObject;
  headers?: z.ZodObject;
  /** Each status the operation answers with, and what it means. */
  responses: Record<number, string>;
}

type JsonSchema = Record<string, unknown>;

function jsonSchema(schema: z.ZodType): JsonSchema {
  // OpenAPI 3.1 embeds JSON Schema 2020-12 as it is, minus the dialect line.
  const { $schema: _dialect, ...rest } = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' });
  return rest;
}

function parameters(operation: Operation): JsonSchema[] {
  const inPath = [...operation.path.matchAll(/:(\w+)/g)].map(([, name]) => ({ name, in: 'path', required: true, schema: { type: 'string' } }));
  return [...inPath, ...fields(operation.query, 'query'), ...fields(operation.headers, 'header')];
}

function fields(schema: z.ZodObject | undefined, where: 'query' | 'header'): JsonSchema[] {
  if (schema === undefined) return [];
  const object = jsonSchema(schema) as { properties?: Record<string, JsonSchema>; required?: string[] };
  return Object.entries(object.properties ?? {}).map(([name, property]) => ({ name, in: where, required: object.required?.includes(name) ?? false, schema: property }));
}

const SECURITY: Record<Operation['auth'], JsonSchema[]> = {
  public: [],
  user: [{ session: [] }, { token: [] }],
  admin: [{ session: [] }, { token: [] }],
  'github-signature': [{ githubSignature: [] }],
};

function describe(operation: Operation): JsonSchema {
  const errorBody = { content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } };
  return {
    operationId: operation.operationId,
    summary: operation.summary,
    security: SECURITY[operation.auth],
    parameters: parameters(operation),
    ...(operation.body && { requestBody: { required: true, content: { 'application/json': { schema: jsonSchema(operation.body) } } } }),
    responses: Object.fromEntries(
      Object.entries(operation.responses).map(([status, description]) => [status, { description, ...(Number(status) >= 400 && errorBody) }]),
    ),
  };
}

/** `:name` becomes `{name}`; paths are relative to the server, /api. */
export const openApiPath = (path: string) => path.replace(/:(\w+)/g, '{$1}');

export function openApiDocument(operations: readonly Operation[]): JsonSchema {
  const paths: Record<string, Record<string, JsonSchema>> = {};
  for (const operation of operations) {
    (paths[openApiPath(operation.path)] ??= {})[operation.method] = describe(operation);
  }
  return {
    openapi: '3.1.0',
    info: { title: 'Aether API', version: '0.1.0' },
    // Relative, so that it resolves against the host that served this document: each install has its own.
    servers: [{ url: '/api' }],
    paths,
    components: {
      securitySchemes: {
        session: { type: 'apiKey', in: 'cookie', name: `__Host-${SESSION_COOKIE}`, description: `${SESSION_COOKIE} where the dashboard is on plain HTTP and not on localhost` },
        token: { type: 'http', scheme: 'bearer', description: 'An API token from POST /api/tokens' },
        githubSignature: { type: 'apiKey', in: 'header', name: 'X-Hub-Signature-256' },
      },
      schemas: {
        Error: {
          type: 'object',
          required: ['error'],
          properties: {
            error: {
              type: 'object',
              required: ['message'],
              properties: { message: { type: 'string' }, field: { type: 'string', description: 'The request field at fault' } },
            },
          },
        },
      },
    },
  };
}
