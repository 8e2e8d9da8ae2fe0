import uPlot from 'uplot';
import type { HistoryPoint, VersionTraffic } from '../../src/control-room/control-room-snapshot';
import { el } from './dom';
import { CHART_STYLE } from './presenter';
import { PALETTE } from './palette';

/** Two minutes at one point a second, as the server keeps. */
const MAX_POINTS = 120;

interface Rates {
  stable: number;
  new: number;
  mirror: number;
}

/** Splits one second of a service's traffic into the chart's three bands. */
export function ratesOf(traffic: VersionTraffic[], stable: string | undefined): Rates {
  const rates: Rates = { stable: 0, new: 0, mirror: 0 };
  for (const t of traffic) {
    if (t.kind === 'mirror') rates.mirror += t.rps;
    else if (t.version === stable) rates.stable += t.rps;
    else rates.new += t.rps;
  }
  return rates;
}

/**
 * Requests per second of one service, stacked: stable at the bottom, the new version on top of
 * it, mirrored copies (dashed) on top of both. uPlot does not stack, so the series are running
 * totals drawn top-down, each filled to zero over the one before.
 */
export class TrafficChart {
  private readonly times: number[] = [];
  private readonly rates: Rates[] = [];
  private readonly plot: uPlot;
  private readonly legend: Record<keyof Rates, HTMLElement>;
  /** "new version", or "previous version" once the new one has been promoted to stable. */
  private readonly candidateName = el('span', { class: 'band-name' }, 'new version ');
  /** The candidate's legend entry: hidden while only one version of the service runs. */
  private readonly candidateEntry: HTMLElement;

  constructor(container: HTMLElement, service: string) {
    const swatch = (band: keyof Rates) => el('span', { class: `swatch ${band}`, 'aria-hidden': 'true' });
    this.legend = {
      stable: el('span', { class: 'value', 'data-band': 'stable' }),
      new: el('span', { class: 'value', 'data-band': 'new' }),
      mirror: el('span', { class: 'value', 'data-band': 'mirror' }),
    };
    this.candidateEntry = el('span', {}, swatch('new'), this.candidateName, this.legend.new);
    const legend = el(
      'p',
      { class: 'legend' },
      el('span', {}, swatch('stable'), 'stable ', this.legend.stable),
      this.candidateEntry,
      el('span', {}, swatch('mirror'), 'mirror copies ', this.legend.mirror),
    );
    const canvasHolder = el('div', { class: 'plot', role: 'img', 'aria-label': `${service}: requests per second by version, last two minutes` });
    container.append(legend, canvasHolder);
    const axis = { stroke: PALETTE.ink, font: '18px system-ui, sans-serif', labelFont: '18px system-ui, sans-serif', grid: { stroke: PALETTE.grid }, ticks: { stroke: PALETTE.grid } };
    const band = (label: string, colour: string, dash?: number[]) => ({ label, stroke: colour, width: CHART_STYLE.lineWidth, fill: `${colour}cc`, dash, points: { show: false } });
    this.plot = new uPlot(
      {
        width: Math.max(320, canvasHolder.clientWidth),
        height: CHART_STYLE.height,
        legend: { show: false },
        cursor: { show: false },
        scales: { x: { time: true }, y: { range: (_u, _min, max) => [0, Math.max(5, Math.ceil(max * 1.15))] } },
        // One line of clock time per tick: uPlot's default second line (the date) would be clipped.
        axes: [{ ...axis, size: 40, space: 120, values: (_u, ticks) => ticks.map((t) => new Date(t * 1000).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit', second: '2-digit', hour12: false })) }, { ...axis, label: 'req/s', size: 70 }],
        series: [{}, band('mirror copies', PALETTE.mirror, [10, 6]), band('new version', PALETTE.new), band('stable', PALETTE.stable)],
      },
      [[], [], [], []],
      canvasHolder,
    );
    new ResizeObserver(() => this.plot.setSize({ width: Math.max(320, canvasHolder.clientWidth), height: CHART_STYLE.height })).observe(canvasHolder);
  }

  /** Replaces the chart's data with the server's history (on every (re)connect). */
  reset(history: HistoryPoint[], service: string): void {
    this.times.length = 0;
    this.rates.length = 0;
    for (const point of history) {
      const own = point.services.find((s) => s.service === service);
      if (own) this.push(point.at, ratesOf(own.traffic, own.stable));
    }
    this.draw();
  }

  add(at: string, traffic: VersionTraffic[], stable: string | undefined, versions: { stable?: string; next?: string; nextRole: 'new' | 'previous' }): void {
    this.push(at, ratesOf(traffic, stable));
    this.draw();
    const latest = this.rates.at(-1) ?? { stable: 0, new: 0, mirror: 0 };
    this.legend.stable.textContent = `${versions.stable ?? ''} ${latest.stable.toFixed(1)} req/s`;
    this.candidateEntry.hidden = versions.next === undefined;
    this.candidateName.textContent = `${versions.nextRole} version `;
    this.legend.new.textContent = `${versions.next ?? ''} ${latest.new.toFixed(1)} req/s`;
    this.legend.mirror.textContent = `${latest.mirror.toFixed(1)} req/s`;
  }

  private push(at: string, rates: Rates): void {
    const time = Date.parse(at) / 1000;
    if (this.times.length > 0 && time <= (this.times.at(-1) ?? 0)) return; // a reconnect repeats a point
    this.times.push(time);
    this.rates.push(rates);
    if (this.times.length > MAX_POINTS) {
      this.times.shift();
      this.rates.shift();
    }
  }

  private draw(): void {
    const stable = this.rates.map((r) => r.stable);
    const withNew = this.rates.map((r) => r.stable + r.new);
    const all = this.rates.map((r) => r.stable + r.new + r.mirror);
    this.plot.setData([this.times, all, withNew, stable]);
  }
}
