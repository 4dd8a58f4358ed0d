import { describe, expect, it } from 'vitest';
import { declareBuildArgs, engineBuildArgs } from './build-args.js';
import { type Dockerfile, run } from './instructions.js';

const server: Dockerfile = {
  header: 'a server',
  stages: [
    { from: 'node:20', name: 'base', instructions: [run(['corepack', 'enable'])] },
    { from: 'base', name: 'deps', instructions: [run(['npm', 'ci'])] },
    { from: 'deps', name: 'build', instructions: [run(['npm', 'run', 'build'])] },
    { from: 'base', instructions: [{ op: 'COPY', sources: ['/app'], dest: './', from: 'build' }] },
  ],
};

describe('declareBuildArgs', () => {
  it('declares variables in the stages that build, never in the final stage or what it is FROM', () => {
    const declared = declareBuildArgs(server, ['API_KEY', 'NPM_TOKEN']);
    const args = [
      { op: 'ARG', name: 'API_KEY' },
      { op: 'ARG', name: 'NPM_TOKEN' },
    ];
    expect(declared.stages.map((stage) => stage.instructions)).toEqual([
      server.stages[0]!.instructions,
      [...args, ...server.stages[1]!.instructions],
      [...args, ...server.stages[2]!.instructions],
      server.stages[3]!.instructions,
    ]);
  });

  it('declares variables in a build stage that the final stage only copies from, wherever it is', () => {
    const go: Dockerfile = {
      header: 'go',
      stages: [
        { from: 'golang:1', name: 'build', instructions: [run(['go', 'build'])] },
        { from: 'scratch', instructions: [{ op: 'COPY', sources: ['/out/app'], dest: '/app', from: 'build' }] },
      ],
    };
    expect(declareBuildArgs(go, ['API_KEY']).stages.map((stage) => stage.instructions)).toEqual([
      [{ op: 'ARG', name: 'API_KEY' }, ...go.stages[0]!.instructions],
      go.stages[1]!.instructions,
    ]);
  });

  it('declares nothing in a single-stage Dockerfile, which ships whatever it runs', () => {
    const single: Dockerfile = { header: 'static', stages: [{ from: 'static', instructions: [] }] };
    expect(declareBuildArgs(single, ['API_KEY'])).toEqual(single);
  });

  it('leaves the Dockerfile alone when there are no variables', () => {
    expect(declareBuildArgs(server, [])).toEqual(server);
  });

  it('refuses a name that is not an environment variable name', () => {
    expect(() => declareBuildArgs(server, ['API KEY'])).toThrow(/build variable "API KEY"/);
    expect(() => declareBuildArgs(server, ['X\nRUN evil'])).toThrow(/build variable/);
  });
});

describe('engineBuildArgs', () => {
  it('refuses a name that is not an environment variable name', () => {
    expect(() => engineBuildArgs([{ name: 'API KEY', value: 'k' }], 'p1')).toThrow('build variable "API KEY" is not a valid environment variable name');
  });
});
