import { describe, expect, it } from 'vitest';
import { parseAnsi } from './ansi.js';
import { findLinks } from './links.js';
import { lineRuns } from './runs.js';

const runsOf = (raw: string, marks: Parameters<typeof lineRuns>[2] = []) => {
  const line = parseAnsi(raw);
  return lineRuns(line, findLinks(line.text), marks);
};

describe('links in a log line', () => {
  it('finds http and https addresses and leaves sentence punctuation out', () => {
    expect(findLinks('see https://example.com/a?b=1, or (http://x.test/wiki/A_(b)). Done')).toEqual([
      { start: 4, end: 29, href: 'https://example.com/a?b=1' },
      { start: 35, end: 59, href: 'http://x.test/wiki/A_(b)' },
    ]);
  });

  it.each([
    'javascript:alert(1)',
    'javascript://example.com/%0aalert(1)',
    'JaVaScRiPt:alert(document.cookie)',
    'data:text/html,<script>alert(1)</script>',
    'file:///etc/passwd',
    'xhttps://example.com',
    'https://',
  ])('makes no link of %j', (text) => {
    expect(findLinks(text)).toEqual([]);
  });

  it('never puts a quote or angle bracket into an address', () => {
    expect(findLinks('<a href="https://a.test/x">')).toEqual([{ start: 9, end: 25, href: 'https://a.test/x' }]);
  });
});

describe('a line cut into runs and pieces', () => {
  it('keeps markup a repository printed as plain text pieces', () => {
    expect(runsOf('<img src=x onerror=alert(1)>')).toEqual([{ pieces: [{ text: '<img src=x onerror=alert(1)>' }] }]);
  });

  it('wraps a link in one run, whatever the colours inside it', () => {
    expect(runsOf('open \x1b[36mhttps://a.test/\x1b[1mx\x1b[0m now')).toEqual([
      { pieces: [{ text: 'open ' }] },
      {
        href: 'https://a.test/x',
        pieces: [
          { text: 'https://a.test/', style: { fg: 6 } },
          { text: 'x', style: { fg: 6, bold: true } },
        ],
      },
      { pieces: [{ text: ' now' }] },
    ]);
  });

  it('marks search matches across style boundaries, the current one apart', () => {
    const marks = [
      { start: 0, end: 3, current: false },
      { start: 4, end: 6, current: true },
    ];
    expect(runsOf('\x1b[31mab\x1b[0mc abc', marks)).toEqual([
      {
        pieces: [
          { text: 'ab', style: { fg: 1 }, mark: 'match' },
          { text: 'c', mark: 'match' },
          { text: ' ' },
          { text: 'ab', mark: 'current' },
          { text: 'c' },
        ],
      },
    ]);
  });

  it('clamps a mark that reaches past the text', () => {
    expect(runsOf('abc', [{ start: 1, end: 9, current: false }])).toEqual([{ pieces: [{ text: 'a' }, { text: 'bc', mark: 'match' }] }]);
  });

  it('gives an empty line no runs', () => {
    expect(runsOf('')).toEqual([]);
  });
});
