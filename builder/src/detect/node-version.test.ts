import { describe, expect, it } from 'vitest';
import { DetectionError } from './detection.js';
import { chooseNodeMajor, DEFAULT_NODE_MAJOR, miseText, rangeAllowsMajor, toolVersionsText, versionRange } from './node-version.js';

const ask = (text: string, where = 'package.json engines.node') => ({ where, text });

describe('chooseNodeMajor', () => {
  it.each([
    ['20.x', 20],
    ['^20.11', 20],
    ['~22.2.0', 22],
    ['22', 22],
    ['v22.1.0', 22],
    ['20.11.1', 20],
    ['<=20', 20],
    ['>=22', 24],
    ['>=18', 24],
    ['>= 14.0.0', 24],
    ['>20.5', 24],
    ['^18 || ^20 || ^22', 22],
    ['^20 || ^22 || >=24', 24],
    ['<21', 20],
    ['< 21.0.0', 20],
    ['<24.x >=18', 22],
    ['>=16 <23', 22],
    ['18 - 22', 22],
    ['20.x || 22.x', 22],
    ['lts/iron', 20],
    ['lts/Jod\r', 22],
    ['lts/krypton', 24],
    ['>=22.0.0-rc.1', 24],
  ])('%j → Node.js %i', (text, major) => {
    expect(chooseNodeMajor([ask(text)])).toBe(major);
  });

  it('builds on the current LTS, 24, when nothing names a version', () => {
    expect(DEFAULT_NODE_MAJOR).toBe(24);
    expect(chooseNodeMajor([])).toBe(24);
  });

  it.each(['*', 'x', 'latest', 'lts/*', 'node', 'lts/unknown', 'system', 'not a range 20', ''])(
    'reads %j as no particular version and goes on to the next source',
    (text) => {
      expect(chooseNodeMajor([ask(text), ask('22', '.nvmrc')])).toBe(22);
      expect(chooseNodeMajor([ask(text)])).toBe(24);
    },
  );

  it('takes the first source that names a version and reads no further', () => {
    expect(chooseNodeMajor([ask('20.x'), ask('22', '.nvmrc')])).toBe(20);
    expect(chooseNodeMajor([ask('22', '.nvmrc'), ask('>=26', 'package.json volta.node')])).toBe(22);
  });

  it.each([
    ['>=26', 'package.json engines.node'],
    ['18.x', 'apps/web/.nvmrc'],
    ['lts/hydrogen', '.nvmrc'],
    ['>=16 <19', 'package.json engines.node'],
    ['21', '.tool-versions'],
    ['^23.1', 'mise.toml'],
  ])('fails on %j, which no supported major satisfies, naming where the project asked', (text, where) => {
    const choose = () => chooseNodeMajor([ask(text, where), ask('22', '.node-version')]);
    expect(choose).toThrow(DetectionError);
    expect(choose).toThrow(`${where} asks for Node.js "${text}", and Aether builds with Node.js 20, 22, 24: change ${where} to one of them`);
  });
  it('quotes at most 100 characters of what the repository wrote', () => {
    const long = `>=26 ${'<27 '.repeat(1000)}`;
    expect(() => chooseNodeMajor([ask(long)])).toThrow(`asks for Node.js ${JSON.stringify(long.slice(0, 100))}, and Aether builds`);
    expect(() => chooseNodeMajor([ask(' >=26\n')])).toThrow('asks for Node.js ">=26", and Aether builds');
  });
});

describe('rangeAllowsMajor', () => {
  it.each([
    ['^20.11 || ^22', 20, true],
    ['^20.11 || ^22', 21, false],
    ['<20.0.0', 20, false],
    ['<=20.0.0', 20, true],
    ['>20', 20, false],
    ['>20.99', 21, true],
    ['~20.5', 20, true],
    ['~22.5 >=22.7', 22, false],
    ['^22.5 >=22.7', 22, true],
    ['20.5.1', 21, false],
    ['^0.12', 0, true],
    ['^0.12', 1, false],
  ])('%j allows Node.js %i: %s', (range, major, allowed) => {
    expect(rangeAllowsMajor(range, major)).toBe(allowed);
  });
});

describe('versionRange', () => {
  it.each([
    ['v20\n', 'v20'],
    [' 22.3.0 ', '22.3.0'],
    ['lts/iron', '20.x'],
    ['LTS/Krypton', '24.x'],
    ['my-lts/iron', null],
    ['lts/iron-beta', null],
  ])('%j → %j', (text, range) => {
    expect(versionRange(text)).toBe(range);
  });
});

describe('toolVersionsText', () => {
  it.each([
    ['nodejs 22.1.0\n', '22.1.0'],
    ['python 3.12.1\nnodejs 22.1.0 20.0.0\n', '22.1.0'],
    ['  node   24  # mise spelling\n', '24'],
    ['# nodejs 20\nruby 3.3\n', null],
    ['nodejs\n', null],
    ['', null],
  ])('%j → %j', (text, version) => {
    expect(toolVersionsText(text)).toBe(version);
  });
});

describe('miseText', () => {
  it.each([
    ['[tools]\nnode = "22"\n', '22'],
    ["[tools]\npython = '3.12'\nnode = '20.11'\n", '20.11'],
    ['[tools]\nnode = ["22", "20"]\n', '22'],
    ['[tools]\nnode = { version = "24", postinstall = "x" }\n', '24'],
    ['[tools]\n"node" = "lts"\n', 'lts'],
    ['[env]\nnode = "20"\n[tools]\nnodejs = "22"\n', '22'],
    ['[tools]\npython = "3.12"\n[env]\nnode = "20"\n', null],
    ['[tools]\nnode-gyp = "10"\n', null],
    ['[tools]\nhypernode = "10"\n', null],
    ['[tools]\nnode="22"\n', '22'],
    ['  [ tools ]\n  node = "22"\n', '22'],
    ['node = "20"\n[tools]\n', null],
    ['[env] # the versions are under [tools]\nnode = "20"\n', null],
    ['', null],
  ])('%j → %j', (text, version) => {
    expect(miseText(text)).toBe(version);
  });

  it('reads a long line with no quoted value as no version', () => {
    expect(miseText(`[tools]\nnode =${' '.repeat(200_000)}x\n`)).toBeNull();
  });
});
