import { describe, expect, it } from 'vitest';
import { redact } from './redact.js';

const PEM = ['-----BEGIN PRIVATE KEY-----', 'MIIEvQIBADANBgkqhkiG9w0BAQEFAASC', 'BKcwggSjAgEAAoIBAQC7VJTUt9Us8cKj', '-----END PRIVATE KEY-----'].join('\n');

describe('redact', () => {
  it('masks every occurrence of a one-line secret', () => {
    expect(redact('token abc123 and abc123 again', ['abc123'])).toBe('token *** and *** again');
    expect(redact('nothing here', ['', 'abc123'])).toBe('nothing here');
  });

  it('masks the longer of two overlapping secrets whole, whichever is listed first', () => {
    expect(redact('key abcdef', ['abc', 'abcdef'])).toBe('key ***');
    expect(redact('key abcdef', ['abcdef', 'abc'])).toBe('key ***');
  });

  it('masks a one-line secret stored with stray spaces when printed without them', () => {
    expect(redact('token=abc123;', [' abc123 '])).toBe('token=***;');
    expect(redact('an ab', [' ab '])).toBe('an ab');
  });

  it('masks a multi-line secret (a PEM key) printed a line at a time, each line wherever it occurs', () => {
    const logLines = `key:\n${PEM}\nagain: MIIEvQIBADANBgkqhkiG9w0BAQEFAASC`.split('\n');
    const masked = logLines.map((line) => redact(line, [PEM]));
    expect(masked.join('\n')).not.toMatch(/MIIEvQ|BKcwgg/);
    expect(masked).toEqual(['key:', '***', '***', '***', '***', 'again: ***']);
  });

  it('masks a multi-line secret whole across line breaks, CRLF and indented lines, and JSON-escaped', () => {
    expect(redact(`error: ${PEM} failed`, [PEM])).toBe('error: *** failed');
    expect(redact(`  ${PEM.split('\n')[1]}\r`, [PEM.replace(/\n/g, '\r\n')])).toBe('  ***\r');
    expect(redact(`{"key":${JSON.stringify(PEM)}}`, [PEM])).toBe('{"key":"***"}');
  });

  it('leaves ordinary text alone for the short lines of a multi-line secret', () => {
    expect(redact('{ ok }', ['{\n  "password": "hunter22"\n}'])).toBe('{ ok }');
    expect(redact('"password": "hunter22"', ['{\n  "password": "hunter22"\n}'])).toBe('***');
    expect(redact('ab\nabcd', ['ab\nabcd\nlonger-part'])).toBe('ab\n***');
  });
});
