import type { Page } from 'playwright-core';
import { launchChromium, type HeadlessChromium } from './chromium';
import { startBrowserStack, type BrowserStack } from './start-browser-stack';

/** What a browser suite drives: a stack, Chromium, and one page on it (filled in before the first test). */
export interface BrowserSession {
  stack: BrowserStack;
  chromium: HeadlessChromium;
  page: Page;
}

/**
 * Registers the suite's beforeAll and afterAll: a browser stack (`versions` as startBrowserStack's)
 * and headless Chromium with one page (20 s default timeout, `viewport` if given), handed to
 * `ready` once they run, and both closed after the suite. Call it inside the suite's describe.
 */
export function useBrowserSession(options: { versions?: Record<string, string[]>; viewport?: { width: number; height: number } }, ready: (session: BrowserSession) => void): void {
  const session = {} as BrowserSession;
  beforeAll(async () => {
    session.stack = await startBrowserStack(options.versions);
    session.chromium = await launchChromium();
    session.page = await session.chromium.context.newPage();
    session.page.setDefaultTimeout(20_000);
    if (options.viewport) await session.page.setViewportSize(options.viewport);
    ready(session);
  }, 120_000);
  afterAll(async () => {
    await session.chromium?.close();
    await session.stack?.close();
  }, 60_000);
}
