import type { CommandRunner } from '../src/actuators/command-runner';
import { DryRunRunner } from '../src/actuators/command-runner';
import { KubernetesActuator } from '../src/actuators/kubernetes-actuator';
import { DEFAULT_THRESHOLDS } from '../src/analysis/thresholds';
import { RolloutEngine } from '../src/engine/rollout-engine';
import type { RolloutPlan } from '../src/engine/rollout-plan';
import { STABLE_ONLY, type RolloutValues } from '../src/engine/rollout-values';
import { blueGreenPlan } from '../src/strategies/bluegreen-strategy';
import { canaryPlan } from '../src/strategies/canary-strategy';
import { failing, healthy, ScriptedMetrics } from './fakes';

/** Answers `helm status` / `helm get values` for one release and records every command. */
class ReleaseRunner implements CommandRunner {
  readonly commands: string[] = [];
  constructor(private readonly values: Record<string, unknown> | undefined) {}
  async run(command: string, args: string[]): Promise<string> {
    this.commands.push([command, ...args].join(' '));
    if (command === 'helm' && args[0] === 'status' && !this.values) throw new Error('Error: release: not found');
    if (command === 'helm' && args[0] === 'get') return JSON.stringify(this.values);
    return '';
  }
  get upgrades(): string[] {
    return this.commands.filter((c) => c.startsWith('helm upgrade'));
  }
}

const release = (rollout: Partial<RolloutValues>, tracks: Record<string, { version: string; tag?: string }>) => ({
  image: { tag: 'v1.0.0' },
  rollout: { ...STABLE_ONLY, ...rollout },
  tracks: { stable: { version: 'v1.0.0' }, canary: { version: 'v2' }, blue: { version: 'v1' }, green: { version: 'v2' }, ...tracks },
  callers: [{ name: 'web' }],
});

const actuatorOn = (runner: CommandRunner) => new KubernetesActuator({ runner, namespace: 'courier', chartFor: (s) => `charts/${s}`, rolloutTimeout: '3m' });

async function run(runner: CommandRunner, plan: RolloutPlan, metrics = [healthy]) {
  return new RolloutEngine({ actuator: actuatorOn(runner).forPlan(plan), metrics: new ScriptedMetrics(metrics), thresholds: DEFAULT_THRESHOLDS, intervalMs: 1 }).run(plan);
}

/** The routing arguments of an upgrade, compact: strategy, weight, active colour, preview, warm tracks. */
function routing(upgrade: string): string {
  const get = (key: string) => new RegExp(`rollout\\.${key}=(\\S+)`).exec(upgrade)?.[1];
  return `${get('strategy')} w=${get('canary.weight')} active=${get('bluegreen.active')} preview=${get('bluegreen.preview')} warm=${/rollout\.warm=(\S+)'?/.exec(upgrade)?.[1].replace(/'/g, '')}`;
}

describe('KubernetesActuator on a service release', () => {
  it('reads the release first and fails fast, naming the install, when it does not exist', async () => {
    const runner = new ReleaseRunner(undefined);
    const plan = canaryPlan({ service: 'delivery', fromVersion: 'v1', toVersion: 'v1.2.3', steps: [10] });
    await expect(run(runner, plan)).rejects.toThrow(/release "delivery" does not exist in namespace "courier".*helm upgrade --install delivery charts\/delivery/s);
    expect(runner.upgrades).toEqual([]);
  });

  it('upgrades with --reset-then-reuse-values, the version as the image tag, and --set-string for versions and tags', async () => {
    const runner = new ReleaseRunner(release({}, {}));
    await run(runner, canaryPlan({ service: 'delivery', fromVersion: 'v1.0.0', toVersion: '1234567', steps: [10] }));
    const first = runner.upgrades[0];
    expect(first).toMatch(/^helm upgrade delivery charts\/delivery --namespace courier --reset-then-reuse-values /);
    expect(first).toContain('--set-string tracks.canary.version=1234567 --set-string tracks.canary.tag=1234567');
    expect(runner.upgrades.join('\n')).not.toMatch(/--reuse-values|--set tracks\./);
  });

  it('a canary warms its track before routing to it, and retires it only after the routes left it', async () => {
    const runner = new ReleaseRunner(release({}, {}));
    const report = await run(runner, canaryPlan({ service: 'delivery', fromVersion: 'v1.0.0', toVersion: 'v1.2.3', steps: [10, 100] }));
    expect(report.status).toBe('promoted');
    expect(runner.upgrades.map(routing)).toEqual([
      'none w=0 active=blue preview=false warm=["canary"]', // make: canary created and waited for, no traffic
      'canary w=10 active=blue preview=false warm=[]',
      'canary w=100 active=blue preview=false warm=[]',
      'canary w=100 active=blue preview=false warm=[]', // promote: stable rolls to v1.2.3 under the last routing
      'none w=0 active=blue preview=false warm=["canary"]', // routes leave the canary …
      'none w=0 active=blue preview=false warm=[]', // … before it goes
    ]);
    expect(runner.upgrades[0]).toContain('--set-string tracks.canary.version=v1.2.3 --set-string tracks.canary.tag=v1.2.3');
    expect(runner.upgrades[3]).toContain('--set-string tracks.stable.version=v1.2.3 --set-string tracks.stable.tag=v1.2.3');
    expect(runner.commands).toContain('kubectl rollout status deployment/delivery-canary --namespace courier --timeout 3m');
  });

  it('a blue/green from stable-only puts the live version on blue and keeps stable until blue serves', async () => {
    const runner = new ReleaseRunner(release({}, { stable: { version: 'v1.1.0', tag: 'v1.1.0' } }));
    const report = await run(runner, blueGreenPlan({ service: 'users', fromVersion: 'v1.1.0', toVersion: 'v1.2.0', active: 'blue' }));
    expect(report.status).toBe('promoted');
    expect(runner.upgrades.map(routing)).toEqual([
      'none w=0 active=blue preview=false warm=["blue","green"]',
      'bluegreen w=0 active=blue preview=true warm=["stable"]',
      'bluegreen w=0 active=blue preview=true warm=[]',
      'bluegreen w=0 active=green preview=true warm=[]',
      'bluegreen w=0 active=green preview=false warm=["blue"]',
      'bluegreen w=0 active=green preview=false warm=[]',
    ]);
    expect(runner.upgrades[0]).toContain('--set-string tracks.blue.version=v1.1.0 --set-string tracks.blue.tag=v1.1.0');
    expect(runner.upgrades[0]).toContain('--set-string tracks.green.version=v1.2.0 --set-string tracks.green.tag=v1.2.0');
  });

  it('a canary after a promoted blue/green serves from stable at the live colour\'s version, never an older one', async () => {
    const runner = new ReleaseRunner(release({ strategy: 'bluegreen', bluegreen: { active: 'green', preview: false, previewHeader: 'x-courier-preview' } }, { green: { version: 'v1.2.0', tag: 'v1.2.0' } }));
    const actuator = actuatorOn(runner);
    expect(await actuator.liveVersion('users')).toBe('v1.2.0');
    const plan = canaryPlan({ service: 'users', fromVersion: 'v1.2.0', toVersion: 'v1.3.0', steps: [50] });
    await new RolloutEngine({ actuator: actuator.forPlan(plan), metrics: new ScriptedMetrics([healthy]), thresholds: DEFAULT_THRESHOLDS, intervalMs: 1 }).run(plan);
    expect(runner.upgrades.map(routing).slice(0, 3)).toEqual([
      'bluegreen w=0 active=green preview=false warm=["stable","canary"]',
      'canary w=50 active=blue preview=false warm=["green"]',
      'canary w=50 active=blue preview=false warm=[]',
    ]);
    expect(runner.upgrades[0]).toContain('--set-string tracks.stable.version=v1.2.0 --set-string tracks.stable.tag=v1.2.0');
  });

  it('rolls a failed blue/green back to the active colour, the preview colour going only after its route', async () => {
    const runner = new ReleaseRunner(release({ strategy: 'bluegreen' }, { blue: { version: 'v1.0.0' } }));
    const report = await run(runner, blueGreenPlan({ service: 'users', fromVersion: 'v1.0.0', toVersion: 'v2.0.0', active: 'blue' }), [failing]);
    expect(report.status).toBe('rolled-back');
    expect(runner.upgrades.map(routing)).toEqual([
      'bluegreen w=0 active=blue preview=false warm=["green"]',
      'bluegreen w=0 active=blue preview=true warm=[]',
      'bluegreen w=0 active=blue preview=false warm=["green"]',
      'bluegreen w=0 active=blue preview=false warm=[]',
    ]);
  });

  it('`courier rollout rollback` after a promoted blue/green routes to stable at the live version, not the old stable', async () => {
    const runner = new ReleaseRunner(release({ strategy: 'bluegreen', bluegreen: { active: 'green', preview: false, previewHeader: 'x-courier-preview' } }, { stable: { version: 'v1.0.0' }, green: { version: 'v1.2.0', tag: 'v1.2.0' } }));
    await actuatorOn(runner).rollback(canaryPlan({ service: 'users', fromVersion: 'v1.2.0', toVersion: 'v1.2.0', steps: [100] }));
    expect(runner.upgrades[0]).toContain('--set-string tracks.stable.version=v1.2.0 --set-string tracks.stable.tag=v1.2.0');
    expect(runner.upgrades.map(routing)).toEqual([
      'bluegreen w=0 active=green preview=false warm=["stable"]',
      'none w=0 active=blue preview=false warm=["green"]',
      'none w=0 active=blue preview=false warm=[]',
    ]);
  });

  it('--dry-run prints the commands for an assumed stable-only release without asking the cluster', async () => {
    const lines: string[] = [];
    const runner = new DryRunRunner((line) => lines.push(line));
    const actuator = new KubernetesActuator({ runner, namespace: 'courier', chartFor: (s) => `charts/${s}`, assumedState: { rollout: { ...STABLE_ONLY, warm: [] }, tracks: { stable: { version: 'v1' } }, callers: [], meshMode: 'sidecar' } });
    const plan = canaryPlan({ service: 'delivery', fromVersion: 'v1', toVersion: 'v2', steps: [10] });
    await new RolloutEngine({ actuator: actuator.forPlan(plan), metrics: new ScriptedMetrics([healthy]), thresholds: DEFAULT_THRESHOLDS, intervalMs: 1 }).run(plan);
    expect(lines.some((line) => line.startsWith('helm status') || line.startsWith('helm get'))).toBe(false);
    expect(lines[0]).toMatch(/^helm upgrade delivery charts\/delivery --namespace courier --reset-then-reuse-values --set rollout.strategy=none/);
  });
});
