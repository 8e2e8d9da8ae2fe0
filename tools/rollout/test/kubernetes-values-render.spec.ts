import { resolveKubernetesTool } from '@courier/cluster';
import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseAllDocuments } from 'yaml';
import { DryRunRunner } from '../src/actuators/command-runner';
import { KubernetesActuator } from '../src/actuators/kubernetes-actuator';
import { blueGreenPlan } from '../src/strategies/bluegreen-strategy';
import { canaryPlan } from '../src/strategies/canary-strategy';
import { mirrorPlan } from '../src/strategies/mirror-strategy';
import type { RolloutPlan } from '../src/engine/rollout-plan';
import { STABLE_ONLY } from '../src/engine/rollout-values';

const ROOT = path.resolve(__dirname, '../../..');

interface HttpRoute {
  name: string;
  route: { destination: { subset: string }; weight: number }[];
  mirror?: { subset: string };
  mirrorPercentage?: { value: number };
}

/**
 * The values the Kubernetes actuator sets with `helm upgrade --set …` are rendered here with the
 * real helm (`helm template` with the same flags over the chart's defaults, as --reuse-values
 * would start from), proving each step produces the VirtualService the strategy intends.
 */
describe('Kubernetes actuator values, rendered by the real helm', () => {
  const helm = resolveKubernetesTool('helm', ROOT).path;
  const workdir = mkdtempSync(path.join(os.tmpdir(), 'courier-rollout-charts-'));
  const chart = path.join(workdir, 'charts', 'delivery');

  beforeAll(() => {
    cpSync(path.join(ROOT, 'charts'), path.join(workdir, 'charts'), { recursive: true, filter: (source) => !/[/\\]charts[/\\][^/\\]+[/\\]charts([/\\]|$)/.test(source) });
    execFileSync(helm, ['dependency', 'build', chart, '--skip-refresh'], { stdio: 'pipe' });
  });
  afterAll(() => rmSync(workdir, { recursive: true, force: true }));

  /**
   * The `--set`/`--set-string`/`--set-json` arguments of the `helm upgrade`s the actuator runs for
   * the first step (make, then switch), in order: later flags win, as they do over reused values.
   */
  async function firstStepArgs(plan: RolloutPlan): Promise<string[]> {
    const runner = new DryRunRunner();
    const assumedState = { rollout: { ...STABLE_ONLY, warm: [] }, tracks: { stable: { version: 'v1' } }, callers: [], meshMode: 'sidecar' as const };
    const actuator = new KubernetesActuator({ runner, namespace: 'courier', chartFor: () => chart, newImageTag: '2.0.0', assumedState }).forPlan(plan);
    await actuator.apply(plan.service, plan.steps[0].values);
    return runner.commands.filter((command) => command.startsWith('helm upgrade')).flatMap(setArgs);
  }

  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- rendered manifests are untyped YAML
  function render(args: string[]): any[] {
    const out = execFileSync(helm, ['template', 'delivery', chart, '--namespace', 'courier', '--set-string', 'image.tag=1.0.0', ...args], { encoding: 'utf8' });
    return parseAllDocuments(out).map((d) => d.toJS()).filter(Boolean);
  }

  function renderRoutes(args: string[]): HttpRoute[] {
    return render(args).find((o) => o.kind === 'VirtualService' && o.metadata.name === 'delivery').spec.http;
  }

  it('canary 10%: stable 90, canary 10, and the new version on the canary Deployment', async () => {
    const args = await firstStepArgs(canaryPlan({ service: 'delivery', fromVersion: 'v1', toVersion: 'v2', steps: [10, 100] }));
    const primary = renderRoutes(args).find((r) => r.name === 'primary');
    expect(primary?.route.map((r) => [r.destination.subset, r.weight])).toEqual([['stable', 90], ['canary', 10]]);
    const canary = render(args).find((o) => o.kind === 'Deployment' && o.metadata.name === 'delivery-canary');
    const container = canary.spec.template.spec.containers[0];
    expect(container.image).toMatch(/:2\.0\.0$/);
    expect(container.env).toEqual(expect.arrayContaining([{ name: 'APP_VERSION', value: 'v2' }]));
  });

  it('mirror 20%: stable serves 100, a 20% copy goes to canary', async () => {
    const args = await firstStepArgs(mirrorPlan({ service: 'delivery', fromVersion: 'v1', toVersion: 'v2', percent: 20 }));
    const primary = renderRoutes(args).find((r) => r.name === 'primary');
    expect(primary?.route.map((r) => [r.destination.subset, r.weight])).toEqual([['stable', 100]]);
    expect(primary?.mirror?.subset).toBe('canary');
    expect(primary?.mirrorPercentage?.value).toBe(20);
  });

  it('blue/green preview: blue serves everyone, the preview header reaches green', async () => {
    const args = await firstStepArgs(blueGreenPlan({ service: 'delivery', fromVersion: 'v1', toVersion: 'v2', active: 'blue' }));
    const routes = renderRoutes(args);
    expect(routes.map((r) => [r.name, r.route.map((d) => d.destination.subset).join()])).toEqual([
      ['preview', 'green'],
      ['primary', 'blue'],
    ]);
  });
});

/** Keeps only the value-setting flags of a printed `helm upgrade` command, unquoted. */
function setArgs(command: string): string[] {
  const tokens = command.match(/'[^']*'|\S+/g) ?? [];
  const args: string[] = [];
  tokens.forEach((token, i) => {
    if (token === '--set' || token === '--set-string' || token === '--set-json') args.push(token, tokens[i + 1].replace(/^'|'$/g, ''));
  });
  return args;
}
