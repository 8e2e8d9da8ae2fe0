import type { RelayedRolloutEvent } from '@courier/contracts';
import type { RolloutStepView, RolloutView } from './control-room-snapshot';

/**
 * Folds the events of a service's latest rollout (from its last `started`) into what the control
 * room shows: each step's state and analysis results, the outcome, and a readable timeline.
 */
export function rolloutView(events: RelayedRolloutEvent[], running: boolean): RolloutView | undefined {
  const startIndex = events.map((e) => e.type).lastIndexOf('started');
  const started = events[startIndex];
  if (started?.type !== 'started') return undefined;
  const { plan } = started;
  const steps: RolloutStepView[] = plan.steps.map((s) => ({ name: s.name, state: 'pending', analysis: [] }));
  const view: RolloutView = { running, strategy: plan.strategy, fromVersion: plan.fromVersion, toVersion: plan.toVersion, steps, timeline: [] };
  const note = (at: string, text: string) => view.timeline.push({ at, text });
  note(started.at, `${plan.strategy} ${plan.fromVersion} → ${plan.toVersion} started (${plan.steps.length} steps)`);

  for (const event of events.slice(startIndex + 1)) {
    switch (event.type) {
      case 'step-started': {
        const step = steps[event.index];
        if (step) step.state = 'running';
        note(event.at, `step ${event.index + 1}: ${event.step.name} — routing applied`);
        break;
      }
      case 'step-analysed': {
        const step = steps[event.index];
        if (step) {
          step.analysis.push(`${event.verdict.outcome}: ${event.verdict.reasons.join('; ')}`);
          if (event.verdict.outcome === 'fail') step.state = 'failed';
          note(event.at, `${event.step.name}: ${event.verdict.outcome} — ${event.verdict.reasons.join('; ')}`);
        }
        break;
      }
      case 'step-passed': {
        const step = steps[event.index];
        if (step) step.state = 'passed';
        break;
      }
      case 'finished':
      case 'failed':
        view.outcome = event.type === 'failed' ? 'failed' : event.status;
        view.reason = event.reason;
        // A step still running when the rollout ended was judged failed (rolled back) or cut short.
        for (const s of steps) {
          if (s.state === 'running') s.state = view.outcome === 'rolled-back' || view.outcome === 'failed' ? 'failed' : 'skipped';
          if (s.state === 'pending') s.state = 'skipped';
        }
        note(event.at, `${view.outcome}: ${event.reason}`);
        break;
    }
  }
  return view;
}
