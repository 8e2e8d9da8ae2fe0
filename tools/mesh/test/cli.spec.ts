import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { setTimeout as sleep } from 'node:timers/promises';
import { request } from 'undici';
import { type TestUpstream } from './support/test-upstream';
import { deliveryRoutedTo, deliveryWorkloads, startDeliveryTracks } from './support/workloads';

const BIN = path.resolve(__dirname, '..', 'bin', 'courier-mesh.js');

async function workloadAt(url: string): Promise<string> {
  const response = await request(url);
  return ((await response.body.json()) as { workload: string }).workload;
}

describe('courier-mesh CLI (bin shim, run from source)', () => {
  let stable: TestUpstream;
  let canary: TestUpstream;
  let directory: string;
  let child: ChildProcessWithoutNullStreams | undefined;

  beforeAll(async () => {
    ({ stable, canary } = await startDeliveryTracks());
    directory = mkdtempSync(path.join(tmpdir(), 'courier-mesh-cli-'));
  });
  afterAll(async () => {
    // SIGTERM, not SIGKILL: the shim forwards it to the mesh process it started.
    child?.kill('SIGTERM');
    await Promise.all([stable.close(), canary.close()]);
    rmSync(directory, { recursive: true, force: true });
  });

  it('starts from a config and rendered objects, reloads the watched file, and drains on SIGTERM', async () => {
    const configFile = path.join(directory, 'mesh.json');
    const objectsFile = path.join(directory, 'rendered.yaml');
    writeFileSync(configFile, JSON.stringify({
      namespace: 'courier',
      adminPort: 0,
      listeners: [{ port: 0, host: 'delivery' }],
      workloads: deliveryWorkloads(stable, canary),
    }));
    writeFileSync(objectsFile, deliveryRoutedTo('stable'));

    // No MESH_ADMIN_TOKEN: admin changes are off, and only the watched files change routing.
    const { MESH_ADMIN_TOKEN: _unset, ...env } = process.env;
    child = spawn(process.execPath, [BIN, '--config', configFile, '--objects', objectsFile, '--watch'], { env });
    const lines: Array<Record<string, unknown>> = [];
    createInterface({ input: child.stdout }).on('line', (line) => lines.push(JSON.parse(line) as Record<string, unknown>));
    const deadline = Date.now() + 20_000;
    let listening: Record<string, unknown> | undefined;
    while (!(listening = lines.find((line) => line.msg === 'mesh listening')) && Date.now() < deadline) await sleep(50);
    if (!listening) throw new Error(`mesh did not start: ${JSON.stringify(lines)}`);
    const listenerUrl = String((listening.listeners as string[])[0]).split('=')[1];

    expect(await workloadAt(listenerUrl)).toBe('delivery-v1');
    expect(lines).toEqual(expect.arrayContaining([expect.objectContaining({ msg: expect.stringMatching(/^admin changes \(PUT \/config, \/workloads\) are off: set MESH_ADMIN_TOKEN/) })]));
    const refused = await request(`${String(listening.admin)}/config`, { method: 'PUT', headers: { 'content-type': 'application/yaml', authorization: 'Bearer guess' }, body: deliveryRoutedTo('canary') });
    expect(refused.statusCode).toBe(401);
    await refused.body.dump();
    expect(await workloadAt(listenerUrl)).toBe('delivery-v1');

    writeFileSync(objectsFile, deliveryRoutedTo('canary'));
    const reloadDeadline = Date.now() + 5_000;
    let answeredBy = 'delivery-v1';
    while (answeredBy === 'delivery-v1' && Date.now() < reloadDeadline) {
      await sleep(100);
      answeredBy = await workloadAt(listenerUrl);
    }
    expect(answeredBy).toBe('delivery-v2');
    expect(lines).toEqual(expect.arrayContaining([expect.objectContaining({ level: 'info', msg: 'reloaded objects', version: 2 })]));

    const exited = new Promise<number | null>((resolve) => child?.once('exit', resolve));
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    child = undefined;
  });

  it('refuses to start on an invalid config and says why', async () => {
    const configFile = path.join(directory, 'bad.json');
    writeFileSync(configFile, JSON.stringify({ listeners: [], workloads: [] }));
    const failing = spawn(process.execPath, [BIN, '--config', configFile]);
    let output = '';
    failing.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const code = await new Promise<number | null>((resolve) => failing.once('exit', resolve));
    expect(code).toBe(1);
    expect(output).toContain('listeners: expected a list with at least one listener');
  });
});
