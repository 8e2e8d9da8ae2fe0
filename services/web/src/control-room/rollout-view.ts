import type { RolloutStepView, RolloutView } from './control-room-snapshot';

/** The engine's events as the stack relays them (tools/rollout RolloutEvent, plus `at`). */
export interface RelayedEvent {
  at: string;
  type: string;
  index?: number;
  plan?: { strategy: string; fromVersion: string; toVersion: string; steps: { name: string }[] };
  step?: { name: string };
  verdict?: { outcome: string; reasons: string[]; metrics?: { requests: number } };
  status?: string;
  reason?: string;
}

/**
 * Folds the events of a service's latest rollout (from its last `started`) into what the control
 * room shows: each step's state and analysis results, the outcome, and a readable timeline.
 */
export function rolloutView(events: RelayedEvent[], running: boolean): RolloutView | undefined {
  const startIndex = events.map((e) => e.type).lastIndexOf('started');
  const started = events[startIndex];
  if (!started?.plan) return undefined;
  const { plan } = started;
  const steps: RolloutStepView[] = plan.steps.map((s) => ({ name: s.name, state: 'pending', analysis: [] }));
  const view: RolloutView = { running, strategy: plan.strategy, fromVersion: plan.fromVersion, toVersion: plan.toVersion, steps, timeline: [] };
  const note = (at: string, text: string) => view.timeline.push({ at, text });
  note(started.at, `${plan.strategy} ${plan.fromVersion} → ${plan.toVersion} started (${plan.steps.length} steps)`);

  for (const event of events.slice(startIndex + 1)) {
    const step = event.index === undefined ? undefined : steps[event.index];
    switch (event.type) {
      case 'step-started':
        if (step) step.state = 'running';
        note(event.at, `step ${(event.index ?? 0) + 1}: ${event.step?.name ?? ''} — routing applied`);
        break;
      case 'step-analysed':
        if (step && event.verdict) {
          step.analysis.push(`${event.verdict.outcome}: ${event.verdict.reasons.join('; ')}`);
          if (event.verdict.outcome === 'fail') step.state = 'failed';
          note(event.at, `${event.step?.name ?? ''}: ${event.verdict.outcome} — ${event.verdict.reasons.join('; ')}`);
        }
        break;
      case 'step-passed':
        if (step) step.state = 'passed';
        break;
      case 'finished':
      case 'failed':
        view.outcome = event.type === 'failed' ? 'failed' : event.status;
        view.reason = event.reason;
        // A step still running when the rollout ended was judged failed (rolled back) or cut short.
        for (const s of steps) {
          if (s.state === 'running') s.state = view.outcome === 'rolled-back' || view.outcome === 'failed' ? 'failed' : 'skipped';
          if (s.state === 'pending') s.state = 'skipped';
        }
        note(event.at, `${view.outcome}: ${event.reason ?? ''}`);
        break;
    }
  }
  return view;
}
