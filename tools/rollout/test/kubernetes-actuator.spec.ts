import { DryRunRunner } from '../src/actuators/command-runner';
import { KubernetesActuator } from '../src/actuators/kubernetes-actuator';
import { DEFAULT_THRESHOLDS } from '../src/analysis/thresholds';
import { RolloutEngine } from '../src/engine/rollout-engine';
import { blueGreenPlan } from '../src/strategies/bluegreen-strategy';
import { canaryPlan } from '../src/strategies/canary-strategy';
import { failing, healthy, ScriptedMetrics } from './fakes';

const actuatorWith = (runner: DryRunRunner) =>
  new KubernetesActuator({ runner, namespace: 'courier', chartFor: (s) => `charts/${s}`, newImageTag: '1.2.3', rolloutTimeout: '3m' });

describe('KubernetesActuator --dry-run plan', () => {
  it('prints the exact helm and kubectl commands of a promoted canary', async () => {
    const runner = new DryRunRunner();
    const plan = canaryPlan({ service: 'delivery', fromVersion: 'v1', toVersion: 'v2', steps: [10, 100] });
    await new RolloutEngine({ actuator: actuatorWith(runner).forPlan(plan), metrics: new ScriptedMetrics([healthy]), thresholds: DEFAULT_THRESHOLDS, intervalMs: 1 }).run(plan);

    const common = '--set rollout.bluegreen.active=blue --set rollout.bluegreen.preview=false --set rollout.bluegreen.previewHeader=x-courier-preview --set rollout.mirror.percent=0 --set-json \'rollout.match=[]\'';
    expect(runner.commands).toEqual([
      `helm upgrade delivery charts/delivery --namespace courier --reuse-values --set rollout.strategy=canary --set rollout.canary.weight=10 ${common} --set tracks.canary.version=v2 --set tracks.canary.tag=1.2.3 --wait --timeout 3m`,
      'kubectl rollout status deployment/delivery-stable --namespace courier --timeout 3m',
      'kubectl rollout status deployment/delivery-canary --namespace courier --timeout 3m',
      `helm upgrade delivery charts/delivery --namespace courier --reuse-values --set rollout.strategy=canary --set rollout.canary.weight=100 ${common} --wait --timeout 3m`,
      'kubectl rollout status deployment/delivery-stable --namespace courier --timeout 3m',
      'kubectl rollout status deployment/delivery-canary --namespace courier --timeout 3m',
      `helm upgrade delivery charts/delivery --namespace courier --reuse-values --set rollout.strategy=canary --set rollout.canary.weight=100 ${common} --set tracks.stable.version=v2 --set tracks.stable.tag=1.2.3 --wait --timeout 3m`,
      'kubectl rollout status deployment/delivery-stable --namespace courier --timeout 3m',
      'kubectl rollout status deployment/delivery-canary --namespace courier --timeout 3m',
      `helm upgrade delivery charts/delivery --namespace courier --reuse-values --set rollout.strategy=canary --set rollout.canary.weight=0 ${common} --wait --timeout 3m`,
      'kubectl rollout status deployment/delivery-stable --namespace courier --timeout 3m',
      'kubectl rollout status deployment/delivery-canary --namespace courier --timeout 3m',
      `helm upgrade delivery charts/delivery --namespace courier --reuse-values --set rollout.strategy=none --set rollout.canary.weight=0 ${common} --wait --timeout 3m`,
      'kubectl rollout status deployment/delivery-stable --namespace courier --timeout 3m',
    ]);
  });

  it('rolls a failed blue/green back to the active colour', async () => {
    const runner = new DryRunRunner();
    const plan = blueGreenPlan({ service: 'users', fromVersion: 'v1', toVersion: 'v2', active: 'blue' });
    const report = await new RolloutEngine({ actuator: actuatorWith(runner).forPlan(plan), metrics: new ScriptedMetrics([failing]), thresholds: DEFAULT_THRESHOLDS, intervalMs: 1 }).run(plan);
    expect(report.status).toBe('rolled-back');
    const helm = runner.commands.filter((c) => c.startsWith('helm'));
    expect(helm).toHaveLength(2);
    expect(helm[0]).toContain('--set rollout.strategy=bluegreen --set rollout.canary.weight=0 --set rollout.bluegreen.active=blue --set rollout.bluegreen.preview=true');
    expect(helm[0]).toContain('--set tracks.green.version=v2 --set tracks.green.tag=1.2.3');
    expect(helm[1]).toContain('--set rollout.bluegreen.active=blue --set rollout.bluegreen.preview=false');
    expect(runner.commands).toContain('kubectl rollout status deployment/users-green --namespace courier --timeout 3m');
  });
});
