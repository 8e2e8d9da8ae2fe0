import { RolloutActivity } from '../src/rollout-activity';
import { RolloutVerdictMetrics } from '../src/rollout-verdict-metrics';

const sample = (text: string, series: string) => text.split('\n').find((line) => line.startsWith(`${series} `))?.split(' ')[1];

describe('RolloutVerdictMetrics', () => {
  it('starts every series of every service at 0, so the first verdict shows in a rate()', () => {
    const text = new RolloutVerdictMetrics(['users', 'delivery']).render();
    expect(sample(text, 'courier_rollout_analysis_verdicts_total{service="delivery",outcome="fail"}')).toBe('0');
    expect(sample(text, 'courier_rollouts_finished_total{service="users",result="promoted"}')).toBe('0');
    expect(sample(text, 'courier_rollout_in_progress{service="users"}')).toBe('0');
    expect(text).toContain('# TYPE courier_rollout_analysis_verdicts_total counter');
    expect(text).toContain('# TYPE courier_rollout_in_progress gauge');
  });

  it('counts the verdicts and results of the events a rollout records', () => {
    const metrics = new RolloutVerdictMetrics(['delivery']);
    const activity = new RolloutActivity((service, event) => metrics.observe(service, event));
    activity.record('delivery', { type: 'started' });
    expect(sample(metrics.render(), 'courier_rollout_in_progress{service="delivery"}')).toBe('1');
    activity.record('delivery', { type: 'step-analysed', verdict: { outcome: 'inconclusive' } });
    activity.record('delivery', { type: 'step-analysed', verdict: { outcome: 'pass' } });
    activity.record('delivery', { type: 'step-analysed', verdict: { outcome: 'fail' } });
    activity.record('delivery', { type: 'step-analysed', verdict: { outcome: 'fail' } });
    activity.record('delivery', { type: 'finished', status: 'rolled-back', reason: 'canary 25%: success rate 80% < 99%' });
    const text = metrics.render();
    expect(['pass', 'fail', 'inconclusive'].map((outcome) => sample(text, `courier_rollout_analysis_verdicts_total{service="delivery",outcome="${outcome}"}`))).toEqual(['1', '2', '1']);
    expect(sample(text, 'courier_rollouts_finished_total{service="delivery",result="rolled-back"}')).toBe('1');
    expect(sample(text, 'courier_rollout_in_progress{service="delivery"}')).toBe('0');
    // The timeline still gets every event.
    expect(activity.eventsOf('delivery')).toHaveLength(6);
  });

  it('ignores events it does not know and verdicts without an outcome', () => {
    const metrics = new RolloutVerdictMetrics([]);
    metrics.observe('web', { type: 'step-analysed', verdict: {} });
    metrics.observe('web', 'not an event');
    const text = metrics.render();
    expect(sample(text, 'courier_rollout_analysis_verdicts_total{service="web",outcome="pass"}')).toBe('0');
  });
});
