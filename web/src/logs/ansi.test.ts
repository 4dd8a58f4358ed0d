import { describe, expect, it } from 'vitest';
import { parseAnsi, plainText } from './ansi.js';

describe('ANSI colours into text and styled ranges', () => {
  it('keeps the text and styles the ranges SGR sequences coloured', () => {
    expect(parseAnsi('\x1b[31merror\x1b[0m: \x1b[1;4mbad\x1b[22m input\x1b[m done')).toEqual({
      text: 'error: bad input done',
      spans: [
        { start: 0, end: 5, style: { fg: 1 } },
        { start: 7, end: 10, style: { bold: true, underline: true } },
        { start: 10, end: 16, style: { underline: true } },
      ],
    });
  });

  it.each([
    ['\x1b[94mx', { fg: 12 }],
    ['\x1b[42mx', { bg: 2 }],
    ['\x1b[103mx', { bg: 11 }],
    ['\x1b[38;5;9mx', { fg: 9 }],
    ['\x1b[38;5;196mx', { fg: 'rgb(255, 0, 0)' }],
    ['\x1b[48;5;244mx', { bg: 'rgb(128, 128, 128)' }],
    ['\x1b[38;2;10;20;300mx', { fg: 'rgb(10, 20, 255)' }],
    ['\x1b[2;3mx', { faint: true, italic: true }],
    ['\x1b[31;44m\x1b[39mx', { bg: 4 }],
    ['\x1b[31;44m\x1b[49mx', { fg: 1 }],
    ['\x1b[3m\x1b[23m\x1b[4mx', { underline: true }],
  ])('reads %j', (raw, style) => {
    expect(parseAnsi(raw).spans).toEqual([{ start: 0, end: 1, style }]);
  });

  it('drops other escapes and unprintable controls, keeping tabs', () => {
    const raw = '\x1b[2K\x1b[1Gnpm\x1b]0;title\x07 \x1b]8;;http://x\x1b\\link\x1b]8;;\x1b\\\tok\r\x07\x1bc';
    expect(parseAnsi(raw)).toEqual({ text: 'npm link\tok', spans: [] });
    expect(plainText(raw)).toBe('npm link\tok');
  });

  it('leaves markup in a line as text, for the page to show and never to parse', () => {
    const raw = '\x1b[31m<img src=x onerror=alert(1)>\x1b[0m';
    expect(parseAnsi(raw)).toEqual({ text: '<img src=x onerror=alert(1)>', spans: [{ start: 0, end: 28, style: { fg: 1 } }] });
  });
});
