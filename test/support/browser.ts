import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach } from 'vitest';
import { ARTIFACTS_DIR } from './stack.js';

// Real Chromium for the dashboard's tests: Debian's build, driven by playwright-core. Each test
// opens its own pages (a fresh context each, so no cookie crosses tests); when a test fails, each
// of its pages leaves a screenshot and its console beside the process logs.

const CHROMIUM = '/usr/bin/chromium';
const SCREENSHOTS_DIR = join(ARTIFACTS_DIR, 'screenshots');
const FAILURES_DIR = join(ARTIFACTS_DIR, 'failures');
const ACTION_TIMEOUT_MS = 10_000;

export const VIEWPORTS = {
  desktop: { width: 1280, height: 800 },
  phone: { width: 375, height: 812 },
} as const;

export type ViewportName = keyof typeof VIEWPORTS;

interface OpenPage {
  context: BrowserContext;
  page: Page;
  console: string[];
}

export interface Browsing {
  /** A page in a context of its own (its own cookies), at the viewport named. */
  newPage(viewport?: ViewportName): Promise<Page>;
}

/**
 * Launches Chromium for the calling file's tests and closes each test's pages after it.
 * `onFailure` runs when a test fails, after its pages are saved (the stack's logs, say).
 */
export function useBrowser(onFailure: () => void = () => undefined): Browsing {
  let browser: Browser;
  let open: OpenPage[] = [];
  let testName = '';

  beforeAll(async () => {
    browser = await chromium.launch({ executablePath: CHROMIUM, headless: true });
  });
  afterAll(async () => {
    await browser?.close();
  });
  beforeEach((context) => {
    testName = context.task.name;
  });
  afterEach(async (context) => {
    if (context.task.result?.state === 'fail') {
      await Promise.all(open.map((entry, index) => saveFailure(entry, `${fileName(testName)}-${index + 1}`)));
      onFailure();
    }
    await Promise.all(open.map((entry) => entry.context.close()));
    open = [];
  });

  return {
    async newPage(viewport = 'desktop') {
      const context = await browser.newContext({ viewport: VIEWPORTS[viewport] });
      // Well under the test's own timeout, so a missing element fails with its own message.
      context.setDefaultTimeout(ACTION_TIMEOUT_MS);
      const page = await context.newPage();
      const entry = { context, page, console: [] as string[] };
      page.on('console', (message) => entry.console.push(`${message.type()}: ${message.text()}`));
      page.on('pageerror', (error) => entry.console.push(`pageerror: ${error.stack ?? error.message}`));
      page.on('requestfailed', (request) => entry.console.push(`requestfailed: ${request.method()} ${request.url()} ${request.failure()?.errorText ?? ''}`));
      open.push(entry);
      return page;
    },
  };
}

/**
 * Saves what `page` shows at both sizes, as `<name>-desktop.png` and `<name>-phone.png`, and
 * leaves the page at the size it had.
 */
export async function screenshots(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOTS_DIR, { recursive: true });
  const size = page.viewportSize();
  for (const [viewport, dimensions] of Object.entries(VIEWPORTS)) {
    await page.setViewportSize(dimensions);
    await page.screenshot({ path: join(SCREENSHOTS_DIR, `${name}-${viewport}.png`), animations: 'disabled' });
  }
  if (size !== null) await page.setViewportSize(size);
}

async function saveFailure(entry: OpenPage, name: string): Promise<void> {
  mkdirSync(FAILURES_DIR, { recursive: true });
  const base = join(FAILURES_DIR, name);
  writeFileSync(`${base}.console.log`, `${entry.page.url()}\n${entry.console.join('\n')}\n`);
  await entry.page.screenshot({ path: `${base}.png`, fullPage: true }).catch((error: unknown) => writeFileSync(`${base}.png.error`, String(error)));
  console.error(`the page is saved as ${base}.png, its console as ${base}.console.log`);
}

const fileName = (text: string) => text.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '').slice(0, 80);
