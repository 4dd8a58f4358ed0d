import { createConfig, lintFromString } from '@redocly/openapi-core';
import { describe, expect, it } from 'vitest';
import { apiOperations } from './index.js';
import { openApiDocument, openApiPath } from './openapi.js';

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
