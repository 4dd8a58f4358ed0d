import { describe, expect, it } from 'vitest';
import { buildArgVariables, engineBuildArgs } from './build-args.js';
import { checkOwnDockerfile } from './own-dockerfile.js';

const amd64 = { os: 'linux', architecture: 'amd64', variant: '' };
const refs = (text: string, args: Record<string, string> = {}, secrets: string[] = []) => checkOwnDockerfile(text, args, secrets, amd64).map((r) => r.reference);

describe("a repository's own Dockerfile", () => {
  it("names every image it builds from, through ARGs as BuildKit substitutes them, and not its stages", () => {
    const text = [
      'ARG BASE=node:20',
      'ARG TAG',
      'FROM ${BASE} AS deps',
      'FROM aether/victim:${TAG:-latest}-$TARGETARCH AS other',
      'from deps as build',
      'COPY --from=golang:1 /usr/local/go /go',
      'COPY --from=deps /app /app',
      'RUN --mount=type=bind,from=aether/mounted:1,target=/m \\',
      '    --mount=type=cache,target=/c,from=build ls',
      'FROM scratch',
      'COPY --from=0 / /',
    ].join('\n');
    expect(refs(text)).toEqual(['node:20', 'aether/victim:latest-amd64', 'golang:1', 'aether/mounted:1']);
    expect(refs(text, { BASE: 'python:3', TAG: 'abc' })).toEqual(['python:3', 'aether/victim:abc-amd64', 'golang:1', 'aether/mounted:1']);
  });

  it('reads continuations, comments inside them, the escape directive, and quoted flags as BuildKit does', () => {
    expect(refs(['FROM \\', '# a comment', '', '  aether/a:1', 'COPY --from="aether/b:2" / /', 'COPY "--from=aether/not-a-flag" / /'].join('\n'))).toEqual(['aether/a:1', 'aether/b:2']);
    expect(refs(['# escape=`', 'FROM alpine', 'COPY `', '  --from=aether/c:3 / /'].join('\n'))).toEqual(['alpine', 'aether/c:3']);
  });

  it('does not read a heredoc body as instructions, but reads what follows it', () => {
    const text = ['FROM alpine', 'RUN <<EOF', 'FROM aether/not-an-instruction', 'EOF', 'COPY --from=aether/after:1 / /'].join('\n');
    expect(refs(text)).toEqual(['alpine', 'aether/after:1']);
  });

  it('refuses a --from through an ENV or an undeclared variable, and substitutions it cannot follow', () => {
    expect(() => refs(['FROM alpine', 'ENV IMG=aether/victim:1', 'COPY --from=$IMG / /'].join('\n'))).toThrow(/line 3: COPY takes an image from \$IMG/);
    expect(() => refs(['FROM alpine', 'COPY --from=${UNDECLARED} / /'].join('\n'))).toThrow(/\$UNDECLARED/);
    expect(() => refs(['ARG A=x', 'FROM ${A#x}aether/victim:1'].join('\n'))).toThrow(/line 2: FROM names an image through a substitution/);
    const fromArg = ['FROM alpine AS build', 'ARG IMG=aether/mine:1', 'COPY --from=$IMG / /', 'FROM scratch'].join('\n');
    expect(refs(fromArg)).toEqual(['alpine', 'aether/mine:1']);
    expect(refs(fromArg, { IMG: 'aether/passed:2' })).toEqual(['alpine', 'aether/passed:2']);
  });

  it('refuses a frontend other than the official one', () => {
    expect(() => refs('# syntax=evil/frontend\nFROM alpine')).toThrow(/official Dockerfile frontend only/);
    expect(refs('# syntax=docker/dockerfile:1.4\nFROM alpine')).toEqual(['alpine']);
  });

  it('refuses a build variable that an ARG of the final stage, or of a stage it is FROM, would ship in history', () => {
    const text = ['FROM node:20 AS build', 'ARG API_KEY', 'RUN build', 'FROM node:20 AS base', 'ARG NPM_TOKEN', 'FROM base', 'COPY --from=build /app /app'].join('\n');
    expect(() => refs(text, { NPM_TOKEN: 't' })).toThrow(/build variable NPM_TOKEN would ship in the image: the final stage \(line 6\)/);
    expect(refs(text, { API_KEY: 'k' })).toEqual(['node:20', 'node:20']);
  });

  it('names the variables that would ship and the final stage, in one sentence for one or several', () => {
    const text = ['FROM node:20 AS base', 'ARG NPM_TOKEN', 'ARG API_KEY', '', 'FROM base', 'RUN build'].join('\n');
    expect(() => refs(text, { NPM_TOKEN: 't' })).toThrow(
      "build variable NPM_TOKEN would ship in the image: the final stage (line 5) or a stage it is built FROM declares it with ARG, and Docker records a RUN's build arguments in the image's history. Declare it in a build stage and COPY its results into the final one.",
    );
    expect(() => refs(text, { NPM_TOKEN: 't', API_KEY: 'k' })).toThrow(
      "build variables NPM_TOKEN, API_KEY would ship in the image: the final stage (line 5) or a stage it is built FROM declares them with ARG, and Docker records a RUN's build arguments in the image's history. Declare them in a build stage and COPY its results into the final one.",
    );
  });

  it('refuses an ARG, in any stage, named like a secret build variable, which would build with it empty', () => {
    const text = ['FROM node:20 AS build', 'ARG API_KEY', 'RUN build', 'FROM node:20', 'COPY --from=build /app /app'].join('\n');
    expect(() => refs(text, {}, ['API_KEY'])).toThrow(/ARG API_KEY: API_KEY is a secret build variable.*RUN --mount=type=secret,id=API_KEY/);
    const mounted = ['FROM node:20 AS build', 'RUN --mount=type=secret,id=API_KEY build', 'FROM node:20', 'COPY --from=build /app /app'].join('\n');
    expect(refs(mounted, {}, ['API_KEY'])).toEqual(['node:20', 'node:20']);
  });
});

describe('buildArgVariables', () => {
  const variables = [
    { name: 'NODE_ENV', value: 'production', secret: false },
    { name: 'API_KEY', value: 'k', secret: true },
  ];

  it("keeps a secret variable out of a repository's own Dockerfile's build arguments", () => {
    expect(buildArgVariables(variables, 'own').map((v) => v.name)).toEqual(['NODE_ENV']);
    expect(buildArgVariables(variables, 'generated').map((v) => v.name)).toEqual(['NODE_ENV', 'API_KEY']);
  });
});

describe('engineBuildArgs', () => {
  it("scopes every cache mount to the project, and refuses variables that would set BuildKit's own settings", () => {
    expect(engineBuildArgs([{ name: 'API_KEY', value: 'k' }], 'p1')).toEqual({ API_KEY: 'k', BUILDKIT_CACHE_MOUNT_NS: 'aether-p1' });
    expect(() => engineBuildArgs([{ name: 'BUILDKIT_CACHE_MOUNT_NS', value: 'other' }], 'p1')).toThrow(/BuildKit's own settings/);
    expect(() => engineBuildArgs([{ name: 'BUILDKIT_SYNTAX', value: 'evil/frontend' }], 'p1')).toThrow(/BuildKit's own settings/);
  });
});
