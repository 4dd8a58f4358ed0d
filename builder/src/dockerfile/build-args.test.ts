import { describe, expect, it } from 'vitest';
import { declareBuildArgs } from './build-args.js';

const server = [
  'FROM node:20 AS base',
  'RUN ["corepack","enable"]',
  'FROM base AS deps',
  'RUN ["npm","ci"]',
  'FROM deps AS build',
  'RUN ["npm","run","build"]',
  'FROM base',
  'COPY --from=build /app ./',
].join('\n');

describe('declareBuildArgs', () => {
  it('declares variables in the stages that build, never in the final stage or what it is FROM', () => {
    expect(declareBuildArgs(server, ['API_KEY', 'NPM_TOKEN']).split('\n')).toEqual([
      'FROM node:20 AS base',
      'RUN ["corepack","enable"]',
      'FROM base AS deps',
      'ARG API_KEY',
      'ARG NPM_TOKEN',
      'RUN ["npm","ci"]',
      'FROM deps AS build',
      'ARG API_KEY',
      'ARG NPM_TOKEN',
      'RUN ["npm","run","build"]',
      'FROM base',
      'COPY --from=build /app ./',
    ]);
  });

  it('declares nothing in a single-stage Dockerfile, which ships whatever it runs', () => {
    const single = 'FROM static\nCOPY . /public';
    expect(declareBuildArgs(single, ['API_KEY'])).toBe(single);
  });

  it('leaves the Dockerfile alone when there are no variables', () => {
    expect(declareBuildArgs(server, [])).toBe(server);
  });

  it('refuses a name that is not an environment variable name', () => {
    expect(() => declareBuildArgs(server, ['API KEY'])).toThrow(/build variable "API KEY"/);
    expect(() => declareBuildArgs(server, ['X\nRUN evil'])).toThrow(/build variable/);
  });
});
