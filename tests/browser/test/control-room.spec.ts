import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { seriousViolations } from './support/axe';
import { CHROMIUM } from './support/chromium';
import { useBrowserSession } from './support/browser-session';
import type { BrowserStack } from './support/start-browser-stack';

const SCREENSHOTS = path.resolve(__dirname, '../../../docs/img');
const LOAD_RPS = 20;

/** The number in the chart legend of a band, e.g. "v2 12.5 req/s" → 12.5. */
async function legendRps(page: Page, band: 'stable' | 'new'): Promise<number> {
  const text = (await page.textContent(`#delivery-card [data-band="${band}"]`)) ?? '';
  return Number(/([\d.]+) req\/s/.exec(text)?.[1] ?? Number.NaN);
}

/** Waits for the control room's action message; a timeout reports what the page said instead. */
async function waitForMessage(page: Page, text: string, timeout = 40_000): Promise<void> {
  await page
    .waitForFunction((expected) => document.getElementById('message')?.textContent === expected, text, { timeout })
    .catch(async (error: Error) => Promise.reject(new Error(`${error.message}\nmessage: ${await page.textContent('#message')}\nrollout: ${await page.textContent('#delivery-rollout')}`)));
}

async function stepStates(page: Page): Promise<string[]> {
  return page.$$eval('#delivery-steps li', (items) => items.map((item) => item.getAttribute('data-state') ?? ''));
}

/**
 * The control room and the customer page, driven in real headless Chromium through the mesh
 * gateway of a real local stack: load on, a canary that a bad v2 fails (rolled back), a healthy
 * canary promoted step by step, and a parcel tracked with the version that served it.
 */
(CHROMIUM ? describe : describe.skip)('web in Chromium', () => {
  let stack: BrowserStack;
  let page: Page;
  useBrowserSession({}, (session) => ({ stack, page } = session));
  /** Why a healthy version failed its analysis, as far as the services and the mesh said. */
  const stackProblems = () => `last warnings of the stack:\n${stack.problems().slice(-15).join('\n') || '(none)'}`;

  it('customer page: create a user and a delivery, track it, and see which version served it', async () => {
    await page.goto(`${stack.stack.gatewayUrl}/`);
    await page.click('#user-form button[type="submit"]');
    await page.waitForFunction(() => (document.getElementById('owner-id') as HTMLInputElement).value.length > 0);
    await page.click('#delivery-form button[type="submit"]');
    await page.waitForFunction(() => document.getElementById('status')?.textContent === 'CREATED');
    expect(await page.textContent('#delivery-badge')).toMatch(/^delivery v1 · stable$/);
    expect(await page.textContent('#eta')).toMatch(/^ETA \d+ min · model /);

    await page.selectOption('#event', 'ASSIGN');
    await page.click('#apply-event');
    await page.waitForFunction(() => document.getElementById('status')?.textContent === 'ASSIGNED');
    expect(await page.textContent('#track-badge')).toMatch(/^delivery v\d · \w+$/);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'customer-page.png') });
    expect(await seriousViolations(page)).toEqual([]);
  }, 60_000);

  it('control room: load on, bad mode on v2, and the canary is rolled back at its first step', async () => {
    // The link npm start prints: its fragment carries the run's control token, which the page keeps
    // and takes out of the address bar.
    await page.goto(`${stack.stack.gatewayUrl}/control-room#token=${stack.stack.controlToken}`);
    await page.waitForSelector('#delivery-card');
    expect(page.url()).toBe(`${stack.stack.gatewayUrl}/control-room`);
    await page.waitForFunction(() => document.getElementById('live')?.textContent?.startsWith('● live'));
    expect(await seriousViolations(page)).toEqual([]);
    // A second version's legend entry shows only where one runs (delivery v2; users has v1 only).
    expect(await page.isVisible('#delivery-card [data-band="new"]')).toBe(true);
    expect(await page.isVisible('#users-card [data-band="new"]')).toBe(false);

    await page.fill('#interval', '4');
    await page.fill('#steps', '25,100');
    // Enough for every 4 s analysis window (≥ 10 of v2's requests at 25%), and no more: under a
    // CPU burner, 40 req/s left a freshly restarted healthy v2 at 81% success in its first window.
    await page.locator('#load-rps').fill(String(LOAD_RPS));
    await page.click('#load-toggle');
    await page.waitForSelector('#load-toggle[aria-pressed="true"]');
    await page.waitForFunction(() => Number(/([\d.]+) req/.exec(document.querySelector('#delivery-card [data-band="stable"]')?.textContent ?? '')?.[1]) > 5);

    // Half of v2's requests fail: the first 4 s step sees only ~20 of them (25% of 20 req/s), and at
    // the default 20% the success rate would still clear this suite's 90% threshold ~20% of the time (at 50%: 0.02%).
    await page.fill('#fault-rate', '50');
    // The toggle restarts v2 with fault settings; the button says when it is serving again.
    await page.click('#delivery-bad-mode');
    await waitForMessage(page, 'delivery v2: restarting with bad mode on …');
    await page.waitForSelector('#delivery-bad-mode[aria-pressed="true"][data-restarting="false"]', { timeout: 40_000 });
    await page.click('#delivery-start-canary');
    await page
      .waitForSelector('#delivery-rollout[data-outcome="rolled-back"]', { timeout: 60_000 })
      .catch(async (error: Error) => Promise.reject(new Error(`${error.message}\nrollout: ${await page.textContent('#delivery-rollout')}`)));
    expect(await stepStates(page)).toEqual(['failed', 'skipped']);
    expect(await page.textContent('#delivery-steps li:first-child .analysis')).toMatch(/^fail: success rate/);
    expect(await page.textContent('#delivery-timeline')).toMatch(/rolled-back/);
    // Rolled back: stable serves everything again.
    await page.waitForFunction(() => document.querySelector('#delivery-routing')?.textContent?.includes('stable v1 100%'));
    await page.screenshot({ path: path.join(SCREENSHOTS, 'control-room-rollback.png'), fullPage: true });

    await page.click('#delivery-bad-mode');
    await page.waitForSelector('#delivery-bad-mode[aria-pressed="false"][data-restarting="false"]', { timeout: 40_000 });
  }, 120_000);

  it('control room: a healthy canary shifts traffic to v2 step by step and is promoted', async () => {
    // v2 healthy, whatever the previous test left behind when it failed half way.
    if ((await page.getAttribute('#delivery-bad-mode', 'aria-pressed')) === 'true') {
      await page.waitForSelector('#delivery-bad-mode[data-restarting="false"]', { timeout: 40_000 });
      await page.click('#delivery-bad-mode');
      await page.waitForSelector('#delivery-bad-mode[aria-pressed="false"][data-restarting="false"]', { timeout: 40_000 });
    }
    await page.click('#delivery-start-canary');
    await page.waitForFunction(() => document.querySelector('#delivery-steps li[data-state="running"]')?.textContent?.includes('canary 25%'));
    const outcome = () => page.textContent('#delivery-rollout');
    await page.waitForFunction(() => Number(/([\d.]+) req/.exec(document.querySelector('#delivery-card [data-band="new"]')?.textContent ?? '')?.[1]) > 0);
    const atFirstStep = await legendRps(page, 'new');

    await page
      .waitForFunction(() => document.querySelector('#delivery-steps li:nth-child(2)')?.getAttribute('data-state') === 'running', undefined, { timeout: 40_000 })
      .catch(async (error: Error) => Promise.reject(new Error(`${error.message}\nrollout: ${await outcome()}\n${stackProblems()}`)));
    expect((await stepStates(page))[0]).toBe('passed');
    // At 100% the new version takes all of delivery's traffic (the 3 s figures catch up within seconds).
    await page.waitForFunction((before) => {
      const rps = (band: string) => Number(/([\d.]+) req/.exec(document.querySelector(`#delivery-card [data-band="${band}"]`)?.textContent ?? '')?.[1]);
      return rps('new') > Math.max(before * 1.5, 3) && rps('new') > rps('stable');
    }, atFirstStep);

    await page
      .waitForSelector('#delivery-rollout[data-outcome="promoted"]', { timeout: 40_000 })
      .catch(async (error: Error) => Promise.reject(new Error(`${error.message}\nrollout: ${await outcome()}\nsteps: ${(await stepStates(page)).join(', ')}\n${stackProblems()}`)));
    expect(await stepStates(page)).toEqual(['passed', 'passed']);
    expect(await page.textContent('#delivery-rollout')).toMatch(/^canary v1 → v2: promoted/);
    await page.waitForFunction(() => document.querySelector('#delivery-routing')?.textContent?.includes('stable v2 100%'));
    await page.screenshot({ path: path.join(SCREENSHOTS, 'control-room-canary.png'), fullPage: true });
    // v2 is stable now; v1 is labelled as the previous version, not as a new one.
    await page.waitForFunction(() => document.querySelector('#delivery-versions tr[data-version="v1"] th')?.textContent === 'v1 previous');
    expect(await page.textContent('#delivery-card .legend')).toMatch(/stable v2 [\d.]+ req\/s.*previous version v1/);
    // Like `courier rollout`, a rollout started here leaves its report under the stack's data dir.
    const report = await readFile(path.join(stack.options.dataDir, 'rollout-reports', 'rollout-delivery.md'), 'utf8');
    expect(report).toMatch(/promoted/);
    expect(report).toContain('canary 25%');

    await page.click('#load-toggle');
    await page.waitForSelector('#load-toggle[aria-pressed="false"]');
  }, 120_000);
});
