import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { requireTool } from '@courier/testenv';
import { chromium, type BrowserContext } from 'playwright-core';

/**
 * Debian's chromium (CI installs it; playwright-core never downloads a browser here), or
 * undefined after requireTool's notice (outside CI; in CI a missing browser is an error).
 */
export const CHROMIUM = requireTool('chromium', 'browser', 'the control room and customer page in headless Chromium');

export interface HeadlessChromium {
  context: BrowserContext;
  close(): Promise<void>;
}

/**
 * Headless Chromium with a throw-away profile and nothing that phones home. `extraArgs`: more
 * switches, e.g. --host-resolver-rules to give loopback servers other sites' names.
 */
export async function launchChromium(extraArgs: readonly string[] = []): Promise<HeadlessChromium> {
  const profile = await mkdtemp(path.join(os.tmpdir(), 'courier-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM as string,
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', ...extraArgs],
    viewport: { width: 1680, height: 1050 },
    deviceScaleFactor: 1,
    colorScheme: 'dark',
  });
  return {
    context,
    async close() {
      await context.close();
      await rm(profile, { recursive: true, force: true });
    },
  };
}
