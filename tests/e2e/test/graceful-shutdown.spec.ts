import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { findFreePort } from '@courier/testenv';

/**
 * SIGTERM against the built web service, as Kubernetes sends it: readiness must turn red at once,
 * the request already in flight must complete, and the process must exit 0.
 */
describe('graceful shutdown', () => {
  let child: ChildProcess;
  afterEach(() => {
    if (child.exitCode === null) child.kill('SIGKILL');
  });

  it('turns readiness red, drains the in-flight request, then exits 0', async () => {
    const port = await findFreePort();
    const base = `http://127.0.0.1:${port}`;
    child = spawn(process.execPath, [path.join(__dirname, '../../../services/web/dist/main.js')], {
      env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'warn', SHUTDOWN_DELAY_MS: '600', FAULT_DELAY_MS: '900', FAULT_ROUTE: '^/$' },
      stdio: 'ignore',
    });
    await waitForReady(`${base}/readyz`);

    const inFlight = fetch(`${base}/`); // held for FAULT_DELAY_MS by the fault injector
    await sleep(100);
    child.kill('SIGTERM');
    await sleep(200);
    expect((await fetch(`${base}/readyz`)).status).toBe(503);
    expect((await fetch(`${base}/healthz`)).status).toBe(200);

    const answer = await inFlight;
    expect(answer.status).toBe(200);
    const [code] = await once(child, 'exit');
    expect(code).toBe(0);
  });
});

async function waitForReady(url: string): Promise<void> {
  const deadline = Date.now() + 20_000;
  while (Date.now() < deadline) {
    const ok = await fetch(url).then((r) => r.ok, () => false);
    if (ok) return;
    await sleep(100);
  }
  throw new Error(`${url} never became ready`);
}
