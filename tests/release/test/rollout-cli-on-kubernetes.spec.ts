import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { createToolStubs, type ToolStubs } from '../src/tool-stubs';
import { closeSimulators, expectSuccess, harness, installArgs, prepareNamespace, WORKSPACE_ROOT } from './fixtures/cluster-sim/harness';

/**
 * `courier rollout … --target kubernetes` as a build agent runs it: the real CLI, from a directory
 * that holds nothing but a kubeconfig, with helm and kubectl answered by the simulated cluster.
 * Nothing may ask a local stack: a listener stands where one would be, and must get no request.
 */
describe('courier rollout --target kubernetes with only a kubeconfig', () => {
  let stubs: ToolStubs | undefined;
  let agentDir: string;
  let stack: http.Server;
  let stackRequests: string[];

  beforeEach(async () => {
    agentDir = mkdtempSync(path.join(os.tmpdir(), 'courier-agent-'));
    writeFileSync(path.join(agentDir, 'kubeconfig'), 'apiVersion: v1\nkind: Config\nclusters: []\ncontexts: []\nusers: []\n');
    stackRequests = [];
    stack = http.createServer((req, res) => {
      stackRequests.push(`${req.method} ${req.url}`);
      res.writeHead(500).end();
    });
    await new Promise<void>((resolve) => stack.listen(0, '127.0.0.1', resolve));
  });

  afterEach(async () => {
    await stubs?.close();
    stubs = undefined;
    await closeSimulators();
    await new Promise((resolve) => stack.close(resolve));
    rmSync(agentDir, { recursive: true, force: true });
  });

  /** Runs the CLI with the stubs first on PATH; async, so this process keeps answering the stubs. */
  function courier(args: string[], binDir: string): Promise<{ status: number | null; output: string }> {
    return new Promise((resolve) => {
      const child = spawn(process.execPath, [path.join(WORKSPACE_ROOT, 'tools/rollout/bin/courier.js'), 'rollout', ...args], {
        cwd: agentDir,
        env: { ...process.env, PATH: `${binDir}:${process.env.PATH}`, KUBECONFIG: path.join(agentDir, 'kubeconfig') },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let output = '';
      child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
      child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
      child.on('close', (status) => resolve({ status, output }));
    });
  }

  async function cluster(api: 'istio' | 'gateway-api' = 'istio', mode: 'sidecar' | 'ambient' = 'sidecar') {
    const h = harness();
    prepareNamespace(h.sim, 'courier', mode);
    h.sim.seedObservability();
    if (api === 'istio') h.sim.seedIngressGateway();
    const routing = ['--set', `routing.api=${api}`, '--set', `mesh.mode=${mode}`];
    expectSuccess(await h.helm('upgrade', '--install', 'courier', 'courier', '--namespace', 'courier', ...routing, '--wait'));
    for (const service of ['users', 'delivery', 'web']) expectSuccess(await h.helm(...installArgs(service, 'v1.0.0'), ...routing));
    stubs = await createToolStubs(['helm', 'kubectl'], (call) => h.sim.handle(call));
    return h;
  }

  const common = (h: { chartsDir: string }, service: string) => [
    '--target', 'kubernetes', '--namespace', 'courier', '--chart', path.join(h.chartsDir, service),
    '--config', path.join(WORKSPACE_ROOT, 'rollout.config.json'), '--stack-url', `http://127.0.0.1:${(stack.address() as AddressInfo).port}`,
    '--interval', '300ms', '--report-dir', path.join(agentDir, 'report'),
  ];

  it('a blue/green of delivery: probes from a caller pod, Prometheus through a port-forward, promoted with 0 violations', async () => {
    const h = await cluster();
    const result = await courier(['bluegreen', 'delivery', '--to', 'v1.1.0', ...common(h, 'delivery')], stubs!.binDir);
    expect(result.output).toMatch(/bluegreen delivery: v1\.0\.0 → v1\.1\.0/);
    expect(result.status).toBe(0);
    expect(JSON.parse(readFileSync(path.join(agentDir, 'report/rollout-delivery.json'), 'utf8'))).toMatchObject({ status: 'promoted', fromVersion: 'v1.0.0', toVersion: 'v1.1.0', actuator: 'kubernetes', metricsProvider: 'prometheus' });
    const kubectl = stubs!.calls.filter((call) => call.tool === 'kubectl').map((call) => call.args.join(' '));
    expect(kubectl).toEqual(expect.arrayContaining([
      expect.stringMatching(/^port-forward --namespace observability svc\/prometheus-server :80/),
      expect.stringMatching(/^exec --namespace courier deploy\/web-stable -c web -- node -e .* http:\/\/delivery:8080\/healthz x-courier-preview true /s),
    ]));
    expect(stackRequests).toEqual([]);
    expect(h.sim.violations()).toEqual([]);
  }, 120_000);

  it('a blue/green of web, whose only caller is the ingress gateway, sends its preview probes through a port-forward to the gateway', async () => {
    const h = await cluster();
    const result = await courier(['bluegreen', 'web', '--to', 'v1.1.0', ...common(h, 'web')], stubs!.binDir);
    expect(result.status).toBe(0);
    const kubectl = stubs!.calls.filter((call) => call.tool === 'kubectl').map((call) => call.args.join(' '));
    expect(kubectl).toEqual(expect.arrayContaining([expect.stringMatching(/^port-forward --namespace istio-ingress svc\/istio-ingressgateway :80/)]));
    expect(kubectl.filter((args) => args.startsWith('exec'))).toEqual([]);
    expect(stackRequests).toEqual([]);
    expect(h.sim.violations()).toEqual([]);
  }, 120_000);

  it("on the Gateway API, web's preview probes go to the proxy Istio deploys for the release's Gateway, with no flag", async () => {
    const h = await cluster('gateway-api');
    const result = await courier(['bluegreen', 'web', '--to', 'v1.1.0', ...common(h, 'web')], stubs!.binDir);
    expect(result.status).toBe(0);
    const kubectl = stubs!.calls.filter((call) => call.tool === 'kubectl').map((call) => call.args.join(' '));
    expect(kubectl).toEqual(expect.arrayContaining([expect.stringMatching(/^port-forward --namespace courier svc\/courier-gateway-istio :80/)]));
    expect(kubectl.filter((args) => args.includes('istio-ingressgateway'))).toEqual([]);
    expect(h.sim.current.objects['courier/HTTPRoute/web']).toBeDefined();
    expect(h.sim.violations()).toEqual([]);
  }, 120_000);

  it('in ambient mode, a canary of delivery is judged on the waypoint\'s report (reporter="waypoint") and promoted', async () => {
    const h = await cluster('gateway-api', 'ambient');
    expect(h.sim.current.objects['courier/Gateway/waypoint']?.spec?.gatewayClassName).toBe('istio-waypoint');
    const result = await courier(['canary', 'delivery', '--to', 'v1.1.0', '--steps', '50', ...common(h, 'delivery')], stubs!.binDir);
    expect(result.output).toMatch(/promoted/);
    expect(result.status).toBe(0);
    expect(h.sim.violations()).toEqual([]);
  }, 120_000);

  it('a canary of web is judged on Prometheus through the port-forward; a bad version is rolled back (exit 2)', async () => {
    const h = await cluster();
    h.sim.markBad('web@v1.2.0');
    const result = await courier(['canary', 'web', '--to', 'v1.2.0', '--steps', '50', ...common(h, 'web')], stubs!.binDir);
    expect(result.output).toMatch(/fail: success rate 80\.0% < 99\.0%/);
    expect(result.status).toBe(2);
    expect(stackRequests).toEqual([]);
    expect(h.sim.violations()).toEqual([]);
  }, 120_000);

  it('fails at once, naming the install, when the service has no release in the namespace', async () => {
    const h = harness();
    prepareNamespace(h.sim);
    stubs = await createToolStubs(['helm', 'kubectl'], (call) => h.sim.handle(call));
    const result = await courier(['canary', 'users', '--to', 'v1.1.0', ...common(h, 'users')], stubs.binDir);
    expect(result.status).toBe(1);
    expect(result.output).toMatch(/the Helm release "users" does not exist in namespace "courier".*helm upgrade --install users/s);
    expect(stubs.calls.filter((call) => call.tool === 'helm').map((call) => call.args[0])).toEqual(['status']);
    expect(h.sim.violations()).toEqual([]);
  }, 60_000);
});
