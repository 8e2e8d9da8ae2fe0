import { createServer, request as httpRequest, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Page } from 'playwright-core';
import { Client } from 'pg';
import { CHROMIUM, launchChromium, type HeadlessChromium } from './support/chromium';
import { startBrowserStack, type BrowserStack } from './support/start-browser-stack';

/** Names Chromium resolves to 127.0.0.1 here: another site, and a DNS-rebinding attacker's name. */
const EVIL = 'evil.example';
const REBIND = 'rebind.example';

interface Surfaces {
  gateway: string;
  stackAdmin: string;
  meshAdmin: string;
}

/**
 * What a page on another site tries against the three control surfaces, from the browser the
 * developer has open: the requests a browser sends cross-site without asking first (no body,
 * text/plain, a form), and JSON ones that need a CORS preflight. Each result is what the page
 * could observe: "sent" (an opaque answer), or the error the browser gave it.
 */
function attackPage(surfaces: Surfaces): string {
  const attempts = [
    ['web abort, no body', `${surfaces.gateway}/api/rollouts/delivery/abort`, { method: 'POST', mode: 'no-cors' }],
    ['web start, text/plain', `${surfaces.gateway}/api/rollouts/delivery`, { method: 'POST', mode: 'no-cors', headers: { 'content-type': 'text/plain' }, body: '{"strategy":"canary"}' }],
    ['web start, JSON', `${surfaces.gateway}/api/rollouts/delivery`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"strategy":"canary"}' }],
    ['stack control, text/plain', `${surfaces.stackAdmin}/api/rollouts/delivery/control`, { method: 'POST', mode: 'no-cors', headers: { 'content-type': 'text/plain' }, body: '{"action":"abort"}' }],
    ['stack load, JSON', `${surfaces.stackAdmin}/api/load`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: '{"rps":300}' }],
    ['stack read', `${surfaces.stackAdmin}/api/stack`, { method: 'GET' }],
    ['mesh config, text/plain', `${surfaces.meshAdmin}/config`, { method: 'POST', mode: 'no-cors', headers: { 'content-type': 'text/plain' }, body: 'apiVersion: networking.istio.io/v1\nkind: VirtualService\nmetadata: { name: delivery }\nspec: { hosts: [delivery], http: [] }\n' }],
  ];
  return `<!doctype html><title>a page on another site</title>
<form id="form" method="POST" action="${surfaces.gateway}/api/rollouts/delivery/promote" target="sink"><input name="x" value="1"></form>
<iframe name="sink"></iframe>
<script>
  const attempts = ${JSON.stringify(attempts)};
  window.results = Promise.all(attempts.map(([name, url, init]) =>
    fetch(url, init).then((res) => [name, res.type === 'opaque' ? 'sent' : 'read ' + res.status], (error) => [name, 'blocked: ' + error.name])));
  document.getElementById('form').submit();
</script>`;
}

/** A raw request, so the test can set the Host and Origin headers a browser would not let it. */
function raw(url: string, method: string, headers: Record<string, string>, body?: string): Promise<number> {
  const { hostname, port, pathname } = new URL(url);
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: hostname, port, method, path: pathname, headers }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('error', reject);
    req.end(body);
  });
}

/**
 * The local mode's threat model (docs/security.md), end to end against a real `npm start` stack:
 * a page on another site, a DNS-rebinding page, and a local process without the run's token.
 */
(CHROMIUM ? describe : describe.skip)('security of the local control surfaces', () => {
  let stack: BrowserStack;
  let chromium: HeadlessChromium;
  let page: Page;
  let evilSite: Server;
  let surfaces: Surfaces;
  let token: string;

  /** What must not change: routing, rollouts and load. */
  async function sideEffects(): Promise<unknown> {
    const mesh = (await (await fetch(`${surfaces.meshAdmin}/config`)).json()) as { version: number };
    const rollouts = (await (await fetch(`${surfaces.stackAdmin}/api/rollouts`)).json()) as Record<string, { running: boolean; events: unknown[] }>;
    const load = (await (await fetch(`${surfaces.stackAdmin}/api/load`)).json()) as { rps: number; running: boolean };
    return { routingVersion: mesh.version, rollouts: Object.fromEntries(Object.entries(rollouts).map(([s, r]) => [s, [r.running, r.events.length]])), load: [load.rps, load.running] };
  }

  beforeAll(async () => {
    stack = await startBrowserStack();
    token = stack.stack.controlToken as string;
    surfaces = { gateway: stack.stack.gatewayUrl, stackAdmin: `http://127.0.0.1:${stack.options.ports.stackAdmin}`, meshAdmin: stack.stack.meshAdminUrl };
    evilSite = createServer((_request, response) => response.writeHead(200, { 'content-type': 'text/html' }).end(attackPage(surfaces)));
    await new Promise<void>((resolve) => evilSite.listen(0, '127.0.0.1', resolve));
    chromium = await launchChromium([`--host-resolver-rules=MAP ${EVIL} 127.0.0.1, MAP ${REBIND} 127.0.0.1`]);
    page = await chromium.context.newPage();
    page.setDefaultTimeout(20_000);
  }, 120_000);
  afterAll(async () => {
    await chromium?.close();
    await new Promise((resolve) => evilSite?.close(resolve));
    await stack?.close();
  }, 60_000);

  it('a page on another site changes nothing: simple requests are refused, JSON ones never pass the preflight, reads stay unreadable', async () => {
    const before = await sideEffects();
    const answers: string[] = [];
    page.on('response', (response) => {
      const url = new URL(response.url());
      if (url.hostname === '127.0.0.1') answers.push(`${response.request().method()} :${url.port}${url.pathname} ${response.status()}`);
    });
    await page.goto(`http://${EVIL}:${(evilSite.address() as AddressInfo).port}/`);
    const results = Object.fromEntries(await page.evaluate(() => (window as unknown as { results: Promise<[string, string][]> }).results));
    await page.waitForLoadState('networkidle');

    // What the page could observe: opaque answers at best, nothing it can read.
    expect(results).toEqual({
      'web abort, no body': 'sent',
      'web start, text/plain': 'sent',
      'web start, JSON': 'blocked: TypeError',
      'stack control, text/plain': 'sent',
      'stack load, JSON': 'blocked: TypeError',
      'stack read': 'blocked: TypeError',
      'mesh config, text/plain': 'sent',
    });
    // What the servers answered the requests that reached them: refusals, each for its first reason
    // (a body web cannot parse is refused before its guard sees the Origin).
    const { gateway, stackAdmin, meshAdmin } = Object.fromEntries(Object.entries(surfaces).map(([k, v]) => [k, new URL(v).port]));
    expect(answers).toEqual(expect.arrayContaining([
      `POST :${gateway}/api/rollouts/delivery/abort 403`,
      `POST :${gateway}/api/rollouts/delivery 415`,
      `POST :${gateway}/api/rollouts/delivery/promote 415`,
      `POST :${stackAdmin}/api/rollouts/delivery/control 403`,
      `POST :${meshAdmin}/config 403`,
    ]));
    expect(answers.filter((answer) => / 2\d\d$/.test(answer) && !answer.startsWith('GET'))).toEqual([]);
    expect(await sideEffects()).toEqual(before);
  }, 60_000);

  it('a DNS-rebinding page reaches loopback under its own name and is refused: no token for web, a foreign Host for the admins', async () => {
    const before = await sideEffects();
    // Same origin as far as the browser knows, so JSON needs no preflight here.
    await page.goto(`http://${REBIND}:${new URL(surfaces.gateway).port}/`);
    const web = await page.evaluate(async () => (await fetch('/api/rollouts/delivery/abort', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' })).status);
    expect(web).toBe(401);
    for (const admin of [`http://${REBIND}:${stack.options.ports.stackAdmin}/api/stack`, `http://${REBIND}:${stack.options.ports.stackAdmin}/api/load`]) {
      const response = await page.goto(admin);
      expect(response?.status()).toBe(403);
    }
    await page.goto(`http://${REBIND}:${new URL(surfaces.meshAdmin).port}/healthz`);
    const mesh = await page.evaluate(async () => (await fetch('/config', { method: 'PUT', headers: { 'content-type': 'application/json' }, body: '[]' })).status);
    expect(mesh).toBe(403);
    expect(await sideEffects()).toEqual(before);
  }, 60_000);

  it('every change on the three surfaces needs the token, a loopback Host, no foreign Origin and a JSON body', async () => {
    const before = await sideEffects();
    const local = (url: string) => `127.0.0.1:${new URL(url).port}`;
    const json = { 'content-type': 'application/json' };
    const bearer = { authorization: `Bearer ${token}` };
    const changes = [
      { name: 'web', url: `${surfaces.gateway}/api/load`, method: 'PUT', body: '{"rps":5}' },
      { name: 'stack', url: `${surfaces.stackAdmin}/api/load`, method: 'PUT', body: '{"rps":5}' },
      { name: 'mesh', url: `${surfaces.meshAdmin}/workloads`, method: 'PUT', body: '[]' },
    ];
    for (const { name, url, method, body } of changes) {
      const host = { host: local(url) };
      const refusals = {
        'no token': await raw(url, method, { ...host, ...json }, body),
        'a wrong token': await raw(url, method, { ...host, ...json, authorization: `Bearer ${token.slice(1)}x` }, body),
        'a foreign Origin': await raw(url, method, { ...host, ...json, ...bearer, origin: `http://${EVIL}` }, body),
        'text/plain': await raw(url, method, { ...host, 'content-type': 'text/plain', ...bearer }, body),
        ...(name === 'web' ? {} : { 'a rebound Host': await raw(url, method, { host: `${REBIND}:${new URL(url).port}`, ...json, ...bearer }, body) }),
      };
      expect({ [name]: refusals }).toEqual({
        [name]: { 'no token': 401, 'a wrong token': 401, 'a foreign Origin': 403, 'text/plain': 415, ...(name === 'web' ? {} : { 'a rebound Host': 403 }) },
      });
    }
    expect(await sideEffects()).toEqual(before);
    // With all of it, a change goes through (the load is set, then set back).
    expect(await raw(`${surfaces.gateway}/api/load`, 'PUT', { host: local(surfaces.gateway), ...json, ...bearer }, '{"rps":0}')).toBe(200);
  }, 60_000);

  it('a promote or abort with no rollout running gets a 409, and nothing is kept for the next rollout', async () => {
    const headers = { 'content-type': 'application/json', authorization: `Bearer ${token}` };
    const web = await fetch(`${surfaces.gateway}/api/rollouts/delivery/promote`, { method: 'POST', headers, body: '{}' });
    expect([web.status, ((await web.json()) as { detail: string }).detail]).toEqual([409, expect.stringMatching(/no rollout of delivery is in progress/)]);
    const stackControl = await fetch(`${surfaces.stackAdmin}/api/rollouts/delivery/control`, { method: 'POST', headers, body: '{"action":"abort"}' });
    expect(stackControl.status).toBe(409);
    const pending = await fetch(`${surfaces.stackAdmin}/api/rollouts/delivery/control`, { headers });
    expect(await pending.json()).toEqual({});
  });

  it('serves every page with a strict CSP (no inline script, no framing), nosniff and no referrer', async () => {
    for (const path of ['/', '/control-room', '/api/control-room/state', '/assets/home.js']) {
      const response = await fetch(`${surfaces.gateway}${path}`);
      await response.arrayBuffer();
      const csp = response.headers.get('content-security-policy') ?? '';
      expect({ path, csp: /frame-ancestors 'none'/.test(csp), inlineScript: /script-src[^;]*'unsafe-inline'/.test(csp), nosniff: response.headers.get('x-content-type-options'), referrer: response.headers.get('referrer-policy') })
        .toEqual({ path, csp: true, inlineScript: false, nosniff: 'nosniff', referrer: 'no-referrer' });
    }
    // And the pages run under it: the control room's script loads and goes live.
    await page.goto(`${surfaces.gateway}/control-room#token=${token}`);
    await page.waitForFunction(() => document.getElementById('live')?.textContent?.startsWith('● live'));
  }, 60_000);

  it('the database refuses a wrong password', async () => {
    const wrong = new URL(stack.stack.databaseUrl);
    wrong.password = 'postgres';
    const client = new Client({ connectionString: wrong.toString(), connectionTimeoutMillis: 5000 });
    await expect(client.connect()).rejects.toMatchObject({ code: '28P01' });
  });
});
