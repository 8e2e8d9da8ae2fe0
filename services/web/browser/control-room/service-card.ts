import type { RolloutView, ServiceView, StepState } from '../../src/control-room/control-room-snapshot';
import type { HistoryPoint } from '../../src/control-room/control-room-snapshot';
import { el } from './dom';
import { startLabel } from './presenter';
import { TrafficChart } from './traffic-chart';

export interface CardActions {
  start(service: string, strategy: 'canary' | 'bluegreen' | 'mirror'): void;
  control(service: string, action: 'promote' | 'abort'): void;
  toggleBadMode(service: string, version: string, on: boolean): void;
}

const STEP_MARK: Record<StepState, string> = { pending: '○', running: '▶', passed: '✔', failed: '✖', skipped: '–' };
const STRATEGY_LABEL: Record<string, string> = { canary: 'canary', bluegreen: 'blue/green', mirror: 'mirror' };

/** One service: its traffic chart, per-version figures, routing, rollout progress and buttons. */
export class ServiceCard {
  readonly element: HTMLElement;
  private readonly chart: TrafficChart;
  private readonly routing = el('ul', { class: 'routing' });
  private readonly versions = el('tbody');
  private readonly rolloutTitle = el('p', { class: 'rollout-title' });
  private readonly steps = el('ol', { class: 'steps' });
  private readonly timeline = el('ol', { class: 'timeline' });
  private readonly buttons: Record<string, HTMLButtonElement>;

  constructor(
    private readonly service: string,
    private readonly actions: CardActions,
  ) {
    const id = (part: string) => `${service}-${part}`;
    const button = (part: string, text: string, onClick: () => void, extra = '') => {
      const b = el('button', { type: 'button', id: id(part), class: extra }, text);
      b.addEventListener('click', onClick);
      return b;
    };
    this.buttons = {
      canary: button('start-canary', startLabel('canary'), () => actions.start(service, 'canary')),
      bluegreen: button('start-bluegreen', startLabel('blue/green'), () => actions.start(service, 'bluegreen')),
      mirror: button('start-mirror', startLabel('mirror'), () => actions.start(service, 'mirror')),
      promote: button('promote', 'Promote', () => actions.control(service, 'promote'), 'go'),
      abort: button('abort', 'Abort', () => actions.control(service, 'abort'), 'stop'),
    };
    const chartHolder = el('div', { class: 'chart' });
    this.steps.id = id('steps');
    this.timeline.id = id('timeline');
    this.routing.id = id('routing');
    this.versions.id = id('versions');
    this.rolloutTitle.id = id('rollout');
    this.element = el(
      'section',
      { class: 'service', id: id('card'), 'aria-labelledby': id('title') },
      el('h2', { id: id('title') }, service),
      el(
        'div',
        { class: 'grid' },
        chartHolder,
        el(
          'div',
          { class: 'figures' },
          el('h3', {}, 'Routing'),
          this.routing,
          el(
            'table',
            {},
            el('caption', { class: 'sr-only' }, `${service} versions`),
            el('thead', {}, el('tr', {}, ...['Version', 'req/s', 'errors', 'p99', 'bad mode'].map((h) => el('th', { scope: 'col' }, h)))),
            this.versions,
          ),
          el('div', { class: 'buttons', role: 'group', 'aria-label': `${service} rollout actions` }, ...Object.values(this.buttons)),
        ),
        el('div', { class: 'rollout' }, el('h3', {}, 'Rollout'), this.rolloutTitle, this.steps, el('h3', {}, 'Timeline'), this.timeline),
      ),
    );
    this.chart = new TrafficChart(chartHolder, service);
  }

  resetHistory(history: HistoryPoint[]): void {
    this.chart.reset(history, this.service);
  }

  update(view: ServiceView, at: string, actionsEnabled: boolean): void {
    const stable = view.versions.find((v) => v.role === 'stable')?.version;
    // The version a rollout would move traffic to: the new one, or after a promotion the previous.
    const candidate = view.versions.find((v) => v.role !== 'stable');
    const next = candidate?.version;
    this.chart.add(at, view.traffic, stable, { stable, next, nextRole: candidate?.role === 'previous' ? 'previous' : 'new' });
    this.routing.replaceChildren(...view.routing.map((line) => el('li', {}, line)));
    this.renderVersions(view, actionsEnabled);
    this.renderRollout(view.rollout, next !== undefined);
    const running = view.rollout?.running ?? false;
    for (const strategy of ['canary', 'bluegreen', 'mirror']) this.buttons[strategy].disabled = !actionsEnabled || running || !next;
    this.buttons.promote.disabled = !actionsEnabled || !running;
    this.buttons.abort.disabled = !actionsEnabled || !running;
  }

  private renderVersions(view: ServiceView, actionsEnabled: boolean): void {
    const rows = view.versions.length > 0 ? view.versions : [...new Set(view.traffic.map((t) => t.version))].map((version) => ({ version, role: 'stable' as const, faults: undefined }));
    this.versions.replaceChildren(
      ...rows.flatMap((v) =>
        view.traffic
          .filter((t) => t.version === v.version)
          .concat(view.traffic.some((t) => t.version === v.version) ? [] : [{ version: v.version, kind: 'primary', rps: 0, errorRate: 0, p99Ms: 0 }])
          .map((t) => {
            const bad = v.faults && (v.faults.errorRate > 0 || v.faults.delayMs > 0);
            const badCell = el('td', {}, bad ? `on: ${Math.round((v.faults?.errorRate ?? 0) * 100)}% errors, +${v.faults?.delayMs} ms` : 'off');
            if (v.role !== 'stable' && t.kind === 'primary' && v.faults) {
              const label = v.restarting ? 'Restarting …' : bad ? 'Bad mode: on' : 'Bad mode: off';
              const toggle = el('button', { type: 'button', id: `${this.service}-bad-mode`, 'aria-pressed': String(Boolean(bad)), 'data-restarting': String(Boolean(v.restarting)), class: bad ? 'stop' : '' }, label);
              toggle.disabled = !actionsEnabled || Boolean(v.restarting);
              toggle.addEventListener('click', () => this.actions.toggleBadMode(this.service, v.version, !bad));
              badCell.replaceChildren(toggle);
            }
            // The chart has one band for whichever version is not stable.
            const band = t.kind === 'mirror' ? 'mirror' : v.role === 'stable' ? 'stable' : 'new';
            return el(
              'tr',
              { 'data-version': t.version, 'data-kind': t.kind },
              el('th', { scope: 'row' }, el('span', { class: `swatch ${band}`, 'aria-hidden': 'true' }), `${t.version} ${t.kind === 'mirror' ? 'mirror' : v.role}`),
              el('td', { class: 'rps' }, t.rps.toFixed(1)),
              el('td', { class: `errors${t.errorRate > 0.01 ? ' bad' : ''}` }, `${(t.errorRate * 100).toFixed(1)}%`),
              el('td', { class: 'p99' }, `${Math.round(t.p99Ms)} ms`),
              badCell,
            );
          }),
      ),
    );
  }

  private renderRollout(rollout: RolloutView | undefined, hasNewVersion: boolean): void {
    if (!rollout) {
      this.rolloutTitle.textContent = hasNewVersion ? 'No rollout yet' : 'No rollout: only one version of this service runs here';
      this.rolloutTitle.dataset.outcome = 'none';
      this.steps.replaceChildren();
      this.timeline.replaceChildren();
      return;
    }
    const state = rollout.running ? 'running' : (rollout.outcome ?? 'finished');
    this.rolloutTitle.dataset.outcome = state;
    this.rolloutTitle.textContent = `${STRATEGY_LABEL[rollout.strategy] ?? rollout.strategy} ${rollout.fromVersion} → ${rollout.toVersion}: ${state}${rollout.reason ? ` — ${rollout.reason}` : ''}`;
    this.steps.replaceChildren(
      ...rollout.steps.map((step, index) =>
        el(
          'li',
          { class: `step ${step.state}`, 'data-state': step.state },
          el('span', { class: 'mark', 'aria-hidden': 'true' }, STEP_MARK[step.state]),
          `${index + 1}. ${step.name} — ${step.state}`,
          ...step.analysis.slice(-1).map((line) => el('span', { class: 'analysis' }, line)),
        ),
      ),
    );
    this.timeline.replaceChildren(
      ...rollout.timeline.slice(-6).map((entry) => el('li', {}, el('time', { datetime: entry.at }, new Date(entry.at).toLocaleTimeString()), ` ${entry.text}`)),
    );
  }
}
