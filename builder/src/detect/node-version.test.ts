import { describe, expect, it } from 'vitest';
import { DEFAULT_NODE_MAJOR, majorFromNvmrc, majorFromRange, nodeMajor } from './node-version.js';

describe('majorFromRange', () => {
  it.each([
    ['20.x', 20],
    ['^20.11', 20],
    ['~18.2.0', 18],
    ['18', 18],
    ['v22.1.0', 22],
    ['>=16 <19', 16],
    ['<=20', 20],
    ['>=22', 22],
    ['>20.5', 20],
    ['^18 || ^20 || ^22', 22],
    ['<21', 20],
    ['< 21.0.0', 20],
    ['<22.x >=18', 21],
    ['<21.5', 21],
  ])('%j → %i', (range, major) => {
    expect(majorFromRange(range)).toBe(major);
  });

  it('keeps the default for a bare lower bound it already meets', () => {
    expect(DEFAULT_NODE_MAJOR).toBe(20);
    expect(majorFromRange('>=18')).toBe(20);
    expect(majorFromRange('>= 14.0.0')).toBe(20);
    expect(majorFromRange('>18')).toBe(20);
    expect(majorFromRange('>=18.10')).toBe(20);
    expect(majorFromRange('^18 || >=16')).toBe(20);
  });

  it.each(['*', 'latest', 'lts', ''])('finds no major in %j', (range) => {
    expect(majorFromRange(range)).toBeNull();
  });
});

describe('majorFromNvmrc', () => {
  it.each([
    ['v20\n', 20],
    ['20.11.1', 20],
    ['18', 18],
    ['lts/hydrogen', 18],
    ['lts/Iron\n', 20],
    ['lts/iron\r\n', 20],
    [' 18 \n', 18],
  ])('%j → %i', (text, major) => {
    expect(majorFromNvmrc(text)).toBe(major);
  });

  it.each(['lts/*', 'lts/-1', 'node', 'lts/unknown', 'lts/hydrogen2', 'my-lts/hydrogen', ''])('finds no particular major in %j', (text) => {
    expect(majorFromNvmrc(text)).toBeNull();
  });
});

describe('nodeMajor', () => {
  it('takes engines.node before .nvmrc, and .nvmrc before the default', () => {
    expect(nodeMajor('22.x', '18')).toBe(22);
    expect(nodeMajor(null, '18')).toBe(18);
    expect(nodeMajor('*', '18')).toBe(18);
    expect(nodeMajor(null, 'lts/*')).toBe(20);
    expect(nodeMajor(null, undefined)).toBe(20);
  });
});
