import type { RolloutValues } from './rollout-values';

/** Which version runs on each track (the chart's `tracks.<track>.version`). */
export type TrackVersions = Record<'stable' | 'canary' | 'blue' | 'green', string>;

/** One line per service saying where its traffic goes, in words a presenter can read out. */
export function routingSummary(service: string, { values, tracks }: { values: RolloutValues; tracks: TrackVersions }): string {
  const match = values.match.map((rule) => ` · ${rule.header}=${rule.exact} → ${rule.track} ${tracks[rule.track as keyof TrackVersions] ?? ''}`).join('');
  switch (values.strategy) {
    case 'none':
      return `${service}: stable ${tracks.stable} 100%${match}`;
    case 'canary':
      return `${service}: canary — stable ${tracks.stable} ${100 - values.canary.weight}% · canary ${tracks.canary} ${values.canary.weight}%${match}`;
    case 'mirror':
      return `${service}: mirror — stable ${tracks.stable} 100%, ${values.mirror.percent}% copied to canary ${tracks.canary} (answers dropped)${match}`;
    case 'bluegreen': {
      const { active, preview, previewHeader } = values.bluegreen;
      const idle = active === 'blue' ? 'green' : 'blue';
      const previewText = preview ? ` · ${previewHeader}: true → ${idle} ${tracks[idle]}` : '';
      return `${service}: blue/green — ${active} ${tracks[active]} 100%${previewText}${match}`;
    }
  }
}
