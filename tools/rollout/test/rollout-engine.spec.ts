import { DEFAULT_THRESHOLDS } from '../src/analysis/thresholds';
import { RolloutEngine } from '../src/engine/rollout-engine';
import type { RolloutEvent } from '../src/engine/rollout-events';
import { exitCodeFor } from '../src/engine/rollout-report';
import { markdownReport } from '../src/report/markdown-report';
import { blueGreenPlan } from '../src/strategies/bluegreen-strategy';
import { canaryPlan } from '../src/strategies/canary-strategy';
import { mirrorPlan } from '../src/strategies/mirror-strategy';
import { failing, healthy, quiet, RecordingActuator, ScriptedMetrics, slow } from './fakes';

const canary = () => canaryPlan({ service: 'delivery', fromVersion: 'v1', toVersion: 'v2', steps: [10, 50, 100] });
const engine = (metrics: ScriptedMetrics, actuator: RecordingActuator, extra: Partial<ConstructorParameters<typeof RolloutEngine>[0]> = {}) =>
  new RolloutEngine({ actuator, metrics, thresholds: DEFAULT_THRESHOLDS, intervalMs: 5, ...extra });

describe('RolloutEngine', () => {
  it('walks every canary step and promotes a healthy version', async () => {
    const actuator = new RecordingActuator();
    const metrics = new ScriptedMetrics([healthy]);
    const report = await engine(metrics, actuator).run(canary());
    expect(actuator.log).toEqual(['apply delivery canary 10', 'apply delivery canary 50', 'apply delivery canary 100', 'promote delivery v2']);
    expect(metrics.asked).toEqual(Array(3).fill({ service: 'delivery', version: 'v2' }));
    expect(report.status).toBe('promoted');
    expect(exitCodeFor(report)).toBe(0);
  });

  it('rolls back at the first failing step and exits 2', async () => {
    const actuator = new RecordingActuator();
    const report = await engine(new ScriptedMetrics([failing]), actuator).run(canary());
    expect(actuator.log).toEqual(['apply delivery canary 10', 'rollback delivery v1']);
    expect(report.status).toBe('rolled-back');
    expect(report.reason).toMatch(/canary 10%: success rate 80\.0% < 99\.0%/);
    expect(exitCodeFor(report)).toBe(2);
  });

  it('rolls back on latency too', async () => {
    const report = await engine(new ScriptedMetrics([healthy, slow]), new RecordingActuator()).run(canary());
    expect(report.status).toBe('rolled-back');
    expect(report.reason).toMatch(/canary 50%: p99 2400 ms > 500 ms/);
  });

  it('never judges on too little traffic: waits more windows, then gives up', async () => {
    const waited = await engine(new ScriptedMetrics([quiet, quiet, healthy]), new RecordingActuator()).run(canary());
    expect(waited.status).toBe('promoted');
    expect(waited.steps[0].verdicts.map((v) => v.outcome)).toEqual(['inconclusive', 'inconclusive', 'pass']);

    const starved = await engine(new ScriptedMetrics([quiet]), new RecordingActuator(), { maxInconclusiveWindows: 2 }).run(canary());
    expect(starved.status).toBe('rolled-back');
    expect(starved.reason).toMatch(/only 3 requests \(need 20\)/);
  });

  it('aborts mid-rollout and restores stable', async () => {
    const actuator = new RecordingActuator();
    const abort = new AbortController();
    const events: RolloutEvent[] = [];
    const run = engine(new ScriptedMetrics([healthy]), actuator, {
      intervalMs: 60_000,
      signal: abort.signal,
      onEvent: (e) => {
        events.push(e);
        if (e.type === 'step-started') setTimeout(() => abort.abort(), 10);
      },
    }).run(canary());
    const report = await run;
    expect(report.status).toBe('aborted');
    expect(actuator.log).toEqual(['apply delivery canary 10', 'rollback delivery v1']);
    expect(events.at(-1)).toMatchObject({ type: 'finished', status: 'aborted' });
  });

  it('promotes early on request', async () => {
    const actuator = new RecordingActuator();
    const promote = new AbortController();
    const report = await engine(new ScriptedMetrics([healthy]), actuator, {
      intervalMs: 60_000,
      promoteSignal: promote.signal,
      onEvent: (e) => e.type === 'step-started' && setTimeout(() => promote.abort(), 10),
    }).run(canary());
    expect(report.status).toBe('promoted');
    expect(actuator.log).toEqual(['apply delivery canary 10', 'promote delivery v2']);
  });

  it('restores stable and rethrows when the metrics provider fails', async () => {
    const actuator = new RecordingActuator();
    const broken = new ScriptedMetrics([healthy]);
    broken.measure = async () => {
      throw new Error('Prometheus at http://x is unreachable');
    };
    await expect(engine(broken, actuator).run(canary())).rejects.toThrow(/unreachable/);
    expect(actuator.log.at(-1)).toBe('rollback delivery v1');
  });

  it('opens a probed step\'s analysis window only once its probes are running', async () => {
    const plan = blueGreenPlan({ service: 'users', fromVersion: 'v1', toVersion: 'v2', active: 'blue' });
    let probing = false;
    const seenWhileProbing: boolean[] = [];
    // A probe that takes a while to start (a port-forward, a kubectl exec) and a window shorter than that.
    const probes = {
      start: async (step: { probe?: unknown }) => {
        if (step.probe) await new Promise((resolve) => setTimeout(resolve, 50));
        probing = Boolean(step.probe);
        return async () => void (probing = false);
      },
    };
    const metrics = { name: 'probe-aware', measure: async () => (seenWhileProbing.push(probing), healthy) };
    const report = await new RolloutEngine({ actuator: new RecordingActuator(), metrics, thresholds: DEFAULT_THRESHOLDS, intervalMs: 1, probes }).run(plan);
    expect(report.status).toBe('promoted');
    // The preview step is the probed one: its measurement saw the probes running.
    expect(seenWhileProbing[0]).toBe(true);
  });

  it('writes a markdown summary with one row per step', async () => {
    const report = await engine(new ScriptedMetrics([healthy, failing]), new RecordingActuator()).run(canary());
    const md = markdownReport(report);
    expect(md).toContain('delivery: canary v1 → v2 — rolled-back');
    expect(md).toMatch(/\| canary 10% \| 500 \| 100\.0% \| 40 ms \| pass/);
    expect(md).toMatch(/\| canary 50% \| 500 \| 80\.0% \| 40 ms \| fail: success rate 80\.0% < 99\.0%/);
  });
});

describe('strategies', () => {
  it('blue/green previews the idle colour, switches, and rolls back to the active one', () => {
    const plan = blueGreenPlan({ service: 'delivery', fromVersion: 'v1', toVersion: 'v2', active: 'blue' });
    expect(plan.steps.map((s) => [s.name, s.values.bluegreen])).toEqual([
      ['preview green', { active: 'blue', preview: true, previewHeader: 'x-courier-preview' }],
      ['switch to green', { active: 'green', preview: true, previewHeader: 'x-courier-preview' }],
    ]);
    expect(plan.promote.bluegreen).toMatchObject({ active: 'green', preview: false });
    expect(plan.rollback.bluegreen).toMatchObject({ active: 'blue', preview: false });
  });

  it('mirror judges the shadow version at the requested percentage', () => {
    const plan = mirrorPlan({ service: 'delivery', fromVersion: 'v1', toVersion: 'v2', percent: 20 });
    expect(plan.steps[0].values).toMatchObject({ strategy: 'mirror', mirror: { percent: 20 } });
    expect(() => mirrorPlan({ service: 'delivery', fromVersion: 'v1', toVersion: 'v2', percent: 0 })).toThrow(/--percent/);
  });

  it('canary rejects weights that are out of range or not ascending', () => {
    expect(() => canaryPlan({ service: 's', fromVersion: 'v1', toVersion: 'v2', steps: [10, 150] })).toThrow(/between 1 and 100/);
    expect(() => canaryPlan({ service: 's', fromVersion: 'v1', toVersion: 'v2', steps: [50, 10] })).toThrow(/must ascend/);
  });
});
