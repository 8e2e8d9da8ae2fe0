import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ComposeActuator } from '../src/actuators/compose-actuator';
import type { CommandRunner } from '../src/actuators/command-runner';
import { DEFAULT_THRESHOLDS } from '../src/analysis/thresholds';
import { RolloutEngine } from '../src/engine/rollout-engine';
import { blueGreenPlan } from '../src/strategies/bluegreen-strategy';
import { canaryPlan } from '../src/strategies/canary-strategy';
import { failing, healthy, ScriptedMetrics } from './fakes';

/** The compose mesh's admin API, reduced to the routing version GET /config reports. */
class FakeMeshAdmin {
  version = 1;
  private server?: Server;
  url = '';

  async start(): Promise<this> {
    this.server = createServer((req, res) => {
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ version: this.version }));
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  stop(): Promise<void> {
    return new Promise((resolve) => this.server!.close(() => resolve()));
  }
}

/** Records each render; the mesh "reloads" the file only when told to. */
class RenderRecorder implements CommandRunner {
  readonly renders: { service: string; strategy: string; weight: number; out: string }[] = [];
  constructor(private readonly mesh: FakeMeshAdmin, private readonly meshReloads = true) {}
  async run(command: string, args: string[]): Promise<string> {
    expect([command, args[0]]).toEqual(['node', 'render-compose-routing.js']);
    const option = (name: string) => args[args.indexOf(name) + 1];
    const values = JSON.parse(option('--values'));
    this.renders.push({ service: option('--service'), strategy: values.strategy, weight: values.canary.weight, out: option('--out') });
    if (this.meshReloads) this.mesh.version += 1;
    return '';
  }
}

describe('ComposeActuator', () => {
  let mesh: FakeMeshAdmin;
  beforeEach(async () => {
    mesh = await new FakeMeshAdmin().start();
  });
  afterEach(() => mesh.stop());

  const actuator = (runner: CommandRunner, applyTimeoutMs?: number) =>
    new ComposeActuator({ runner, renderCommand: ['node', 'render-compose-routing.js'], routingFile: '/tmp/routing.yaml', meshAdminUrl: mesh.url, applyTimeoutMs });
  const canary = canaryPlan({ service: 'delivery', fromVersion: 'v1', toVersion: 'v2', steps: [10, 100] });
  const run = (runner: CommandRunner, metrics = new ScriptedMetrics([healthy])) =>
    new RolloutEngine({ actuator: actuator(runner), metrics, thresholds: DEFAULT_THRESHOLDS, intervalMs: 1 }).run(canary);

  it('renders each step into the watched routing file and keeps the last step on promotion', async () => {
    const runner = new RenderRecorder(mesh);
    const report = await run(runner);
    expect(report.status).toBe('promoted');
    expect(runner.renders).toEqual([
      { service: 'delivery', strategy: 'canary', weight: 10, out: '/tmp/routing.yaml' },
      { service: 'delivery', strategy: 'canary', weight: 100, out: '/tmp/routing.yaml' },
      { service: 'delivery', strategy: 'canary', weight: 100, out: '/tmp/routing.yaml' },
    ]);
  });

  it('renders stable-only routing on a rollback', async () => {
    const runner = new RenderRecorder(mesh);
    const report = await run(runner, new ScriptedMetrics([failing]));
    expect(report.status).toBe('rolled-back');
    expect(runner.renders.map(({ strategy, weight }) => `${strategy} ${weight}`)).toEqual(['canary 10', 'none 0']);
  });

  it('fails a step when the mesh never applies the file', async () => {
    await expect(actuator(new RenderRecorder(mesh, false), 300).apply('delivery', canary.steps[0].values)).rejects.toThrow(/did not apply \/tmp\/routing\.yaml \(routing version still 1/);
  });

  it('refuses blue/green, which needs containers compose does not run', async () => {
    const plan = blueGreenPlan({ service: 'delivery', fromVersion: 'v1', toVersion: 'v2', active: 'blue' });
    await expect(actuator(new RenderRecorder(mesh)).apply('delivery', plan.steps[0].values)).rejects.toThrow(/blue\/green needs blue and green containers/);
  });
});
