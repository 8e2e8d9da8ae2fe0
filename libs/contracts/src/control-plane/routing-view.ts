import type { Colour, RolloutValues, Track, TrackVersions } from './rollout-values';

/** A share of a service's traffic: the track, the version on it, and the percent it answers. */
export interface TrafficShare {
  track: Track;
  version: string;
  percent: number;
}

/** Where a service's traffic goes, as data: no sentence to parse. */
export interface RoutingView {
  strategy: RolloutValues['strategy'];
  /** Who answers the requests without a header rule, in percent (they add up to 100). */
  shares: TrafficShare[];
  /** A copy of the requests, whose answers are dropped. */
  mirror?: TrafficShare;
  /** Requests with this header value go to this track (A/B rules, the blue/green preview). */
  headerRoutes: { header: string; value: string; track: string; version: string }[];
}

/** The view of a service's rollout values and the versions on its tracks. */
export function routingView(values: RolloutValues, tracks: TrackVersions): RoutingView {
  const on = (track: Track, percent: number): TrafficShare => ({ track, version: tracks[track], percent });
  const headerRoutes = values.match.map((rule) => ({ header: rule.header, value: rule.exact, track: rule.track, version: tracks[rule.track as Track] ?? '' }));
  switch (values.strategy) {
    case 'none':
      return { strategy: 'none', shares: [on('stable', 100)], headerRoutes };
    case 'canary':
      return { strategy: 'canary', shares: [on('stable', 100 - values.canary.weight), on('canary', values.canary.weight)], headerRoutes };
    case 'mirror':
      return { strategy: 'mirror', shares: [on('stable', 100)], mirror: on('canary', values.mirror.percent), headerRoutes };
    case 'bluegreen': {
      const { active, preview, previewHeader } = values.bluegreen;
      const idle: Colour = active === 'blue' ? 'green' : 'blue';
      const previewRoute = preview ? [{ header: previewHeader, value: 'true', track: idle, version: tracks[idle] }] : [];
      return { strategy: 'bluegreen', shares: [on(active, 100)], headerRoutes: [...previewRoute, ...headerRoutes] };
    }
  }
}

/** The view in words, one phrase per share, mirror and header route. */
export function routingPhrases(view: RoutingView): string[] {
  return [
    ...view.shares.map((share) => `${share.track} ${share.version} ${share.percent}%`),
    ...(view.mirror ? [`${view.mirror.percent}% copied to ${view.mirror.track} ${view.mirror.version} (answers dropped)`] : []),
    ...view.headerRoutes.map((route) => `${route.header}=${route.value} → ${route.track} ${route.version}`),
  ];
}

const STRATEGY_NAMES: Record<RoutingView['strategy'], string> = { none: '', canary: 'canary', mirror: 'mirror', bluegreen: 'blue/green' };

/** The phrases, the first labelled with the service and the strategy: the control room's lines. */
export function routingLines(service: string, view: RoutingView): string[] {
  const [first = '', ...rest] = routingPhrases(view);
  const name = STRATEGY_NAMES[view.strategy];
  return [`${service}: ${name ? `${name} — ` : ''}${first}`, ...rest];
}

/** One line per service saying where its traffic goes, in words a presenter can read out. */
export function routingSummary(service: string, { values, tracks }: { values: RolloutValues; tracks: TrackVersions }): string {
  return routingLines(service, routingView(values, tracks)).join(' · ');
}
