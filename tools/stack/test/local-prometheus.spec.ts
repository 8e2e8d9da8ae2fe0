import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import { type AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { findFreePort, requireTool } from '@courier/testenv';
import { LocalPrometheus, requirePrometheusBinary } from '../src/local-prometheus';
import { parseStackOptions } from '../src/stack-options';
import { stackServices } from '../src/stack-services';

/** The workspace's own services, as `npm start` reads them. */
const SERVICES = stackServices(path.resolve(__dirname, '../../..'));

const binary = requireTool('prometheus', 'local-prometheus.spec', 'the --with-prometheus tests');
const describeWithPrometheus = binary ? describe : describe.skip;

describe('--with-prometheus options', () => {
  it('is off by default and listens on 9090, where `courier rollout --metrics prometheus` looks', () => {
    expect(parseStackOptions([], {}, '/repo', SERVICES)).toMatchObject({ withPrometheus: false, ports: { prometheus: 9090 } });
    expect(parseStackOptions(['--with-prometheus', '--prometheus-port', '9191'], {}, '/repo', SERVICES)).toMatchObject({ withPrometheus: true, ports: { prometheus: 9191 } });
    expect(parseStackOptions([], { PROMETHEUS_PORT: '9292' }, '/repo', SERVICES)).toMatchObject({ ports: { prometheus: 9292 } });
  });

  it('explains how to install Prometheus when none is found', () => {
    expect(() => requirePrometheusBinary({ PROMETHEUS_BIN: '/nonexistent/prometheus', PATH: '/nonexistent' }, [])).toThrow(
      /--with-prometheus: no prometheus binary found \(PROMETHEUS_BIN=\/nonexistent\/prometheus does not run\)\. Install it \(Debian\/Ubuntu: sudo apt-get install prometheus/,
    );
  });
});

describeWithPrometheus('LocalPrometheus (real Prometheus)', () => {
  let target: Server;
  let dataDir: string;

  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(os.tmpdir(), 'courier-local-prometheus-'));
    // Stands in for a service's /metrics: Prometheus only needs the text format.
    target = createServer((_request, response) => response.end('# TYPE courier_fixture_up gauge\ncourier_fixture_up{version="v2"} 1\n'));
    await new Promise<void>((resolve) => target.listen(0, '127.0.0.1', resolve));
  });
  afterAll(async () => {
    await new Promise((resolve) => target.close(resolve));
    await rm(dataDir, { recursive: true, force: true });
  });

  it('scrapes the generated targets with their labels, keeps its data under the stack data dir, and stops', async () => {
    const port = await findFreePort();
    const address = `127.0.0.1:${(target.address() as AddressInfo).port}`;
    const prometheus = await LocalPrometheus.start({
      binary: binary as string,
      dataDir,
      port,
      targets: [{ job: 'courier-services', address, labels: { app: 'delivery', workload: 'delivery-v2' } }],
    });
    try {
      expect(prometheus.url).toBe(`http://127.0.0.1:${port}`);
      expect(prometheus.configFile).toBe(path.join(dataDir, 'prometheus', 'prometheus.yml'));
      let result: { metric: Record<string, string> }[] = [];
      for (let attempt = 0; attempt < 50 && result.length === 0; attempt++) {
        const body = (await (await fetch(`${prometheus.url}/api/v1/query?query=courier_fixture_up`)).json()) as { data: { result: typeof result } };
        result = body.data.result;
        if (result.length === 0) await sleep(200);
      }
      expect(result.map((series) => series.metric)).toEqual([
        { __name__: 'courier_fixture_up', app: 'delivery', workload: 'delivery-v2', version: 'v2', instance: address, job: 'courier-services' },
      ]);
    } finally {
      await prometheus.stop();
    }
    await expect(fetch(`http://127.0.0.1:${port}/-/ready`)).rejects.toThrow();
  });
});
