import { mkdirSync, mkdtempSync, readdirSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { removeStaleCheckouts, staleCheckouts } from './stale-checkouts.js';

const HOUR = 3_600_000;

describe('checkouts left by builds cut short', () => {
  it('are the build and detection checkouts older than any build may run, and nothing else', () => {
    const now = 10 * HOUR;
    const entries = [
      { name: 'checkout-old', modifiedMs: now - HOUR - 1 },
      { name: 'detect-old', modifiedMs: now - 2 * HOUR },
      { name: 'checkout-in-flight', modifiedMs: now - HOUR },
      { name: 'detect-in-flight', modifiedMs: now - 1_000 },
      { name: 'node-compile-cache', modifiedMs: 0 },
      { name: 'my-checkout-old', modifiedMs: 0 },
    ];
    expect(staleCheckouts(entries, now, HOUR)).toEqual(['checkout-old', 'detect-old']);
  });

  it('are removed from the folder with what they hold, leaving files, links and checkouts in flight alone', async () => {
    const work = mkdtempSync(join(tmpdir(), 'aether-stale-'));
    const outside = mkdtempSync(join(tmpdir(), 'aether-outside-'));
    const longAgo = new Date(Date.now() - 2 * HOUR);
    const folder = (name: string, modified: Date) => {
      mkdirSync(join(work, name));
      writeFileSync(join(work, name, 'package.json'), '{}');
      utimesSync(join(work, name), modified, modified);
    };
    folder('checkout-cut-short', longAgo);
    folder('detect-cut-short', longAgo);
    folder('checkout-building', new Date());
    writeFileSync(join(work, 'checkout-a-file'), '');
    utimesSync(join(work, 'checkout-a-file'), longAgo, longAgo);
    // A link named as a checkout, to an old folder that is not one: neither it nor what it holds goes.
    writeFileSync(join(outside, 'keep'), '');
    utimesSync(outside, longAgo, longAgo);
    symlinkSync(outside, join(work, 'checkout-link'));

    expect((await removeStaleCheckouts(work, HOUR)).sort()).toEqual(['checkout-cut-short', 'detect-cut-short']);
    expect(readdirSync(work).sort()).toEqual(['checkout-a-file', 'checkout-building', 'checkout-link']);
    expect(readdirSync(outside)).toEqual(['keep']);
  });
});
