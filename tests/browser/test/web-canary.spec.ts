import type { Page } from 'playwright-core';
import { CHROMIUM, type HeadlessChromium } from './support/chromium';
import { useBrowserSession } from './support/browser-session';
import type { BrowserStack } from './support/start-browser-stack';

/** Control rooms open at once: each holds an event stream of ~8 s, ending at its own time. */
const OPEN_CONTROL_ROOMS = 4;
const LOAD_RPS = 20;

interface MeshDestination {
  service: string;
  version: string;
  window: { requests: number; latencyMs: { p99: number } };
}

/**
 * A canary of web itself, judged on p99 (3 s in this suite) while control rooms are open. Their
 * event streams last ~8 s each: counted as web's requests they would fail every analysis window
 * they end in. They go to web's streams port instead, which the mesh (like Istio) reports as
 * web-streams, so web's analysis sees customer requests only and a healthy web v2 is promoted.
 */
(CHROMIUM ? describe : describe.skip)('a canary of web with the control room open', () => {
  let stack: BrowserStack;
  let chromium: HeadlessChromium;
  const pages: Page[] = [];
  useBrowserSession({ versions: { users: ['v1'], delivery: ['v1', 'v2'], web: ['v1', 'v2'] } }, (session) => ({ stack, chromium } = session));

  const meshDestinations = async (): Promise<MeshDestination[]> => {
    const res = await fetch(`http://127.0.0.1:${stack.options.ports.meshAdmin}/stats?window=30`);
    return ((await res.json()) as { destinations: MeshDestination[] }).destinations;
  };

  it('is promoted: the streams are reported as web-streams, not in web\'s p99', async () => {
    for (let i = 0; i < OPEN_CONTROL_ROOMS; i++) {
      const page = await chromium.context.newPage();
      page.setDefaultTimeout(20_000);
      await page.goto(`${stack.stack.gatewayUrl}/control-room#token=${stack.stack.controlToken}`);
      await page.waitForFunction(() => document.getElementById('live')?.textContent?.startsWith('● live'));
      pages.push(page);
    }
    const [page] = pages;
    // Steps longer than a stream: a stream only counts once it ends, so with shorter steps every
    // stream would end after the window it started in, and the analysis could never see one.
    await page.fill('#interval', '12');
    await page.fill('#steps', '50,100');
    await page.locator('#load-rps').fill(String(LOAD_RPS));
    await page.click('#load-toggle');
    await page.waitForSelector('#load-toggle[aria-pressed="true"]');
    // Streams have come and gone by now (each ends after 8 s and reconnects).
    await page.waitForTimeout(9_000);
    const streams = (await meshDestinations()).filter((d) => d.service === 'web-streams');
    expect(streams.reduce((sum, d) => sum + d.window.requests, 0)).toBeGreaterThan(0);
    expect(Math.max(...streams.map((d) => d.window.latencyMs.p99))).toBeGreaterThan(3000);

    await page.click('#web-start-canary');
    await page
      .waitForSelector('#web-rollout:not([data-outcome="none"]):not([data-outcome="running"])', { timeout: 60_000 })
      .catch(async (error: Error) => Promise.reject(new Error(`${error.message}\nrollout: ${await page.textContent('#web-rollout')}`)));
    const outcome = `${await page.textContent('#web-rollout')}\n${await page.textContent('#web-steps')}\n${stack.problems().slice(-10).join('\n')}`;
    expect({ outcome: await page.getAttribute('#web-rollout', 'data-outcome'), text: outcome }).toMatchObject({ outcome: 'promoted' });
    // web's own figures, which the analysis read, stayed far below a stream's length.
    const web = (await meshDestinations()).filter((d) => d.service === 'web' && d.window.requests > 0);
    expect(Math.max(...web.map((d) => d.window.latencyMs.p99))).toBeLessThan(3000);
  }, 150_000);
});
