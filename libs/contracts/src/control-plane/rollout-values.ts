import { z } from 'zod';

/**
 * The routing state of one service, exactly the `rollout` block of its Helm chart (see
 * charts/courier-lib/templates/_routes.tpl). The rollout engine only ever changes these values;
 * the chart renders them into the VirtualService and DestinationRule, on Kubernetes and locally.
 */
export const ColourSchema = z.enum(['blue', 'green'], 'must be blue or green');
export type Colour = z.infer<typeof ColourSchema>;

export const TRACKS = ['stable', 'canary', 'blue', 'green'] as const;
export type Track = (typeof TRACKS)[number];

export const HeaderMatchRuleSchema = z.strictObject({ header: z.string().min(1), exact: z.string(), track: z.string().min(1) });
export type HeaderMatchRule = z.infer<typeof HeaderMatchRuleSchema>;

export const RolloutValuesSchema = z.strictObject({
  strategy: z.enum(['none', 'canary', 'bluegreen', 'mirror'], 'must be one of none, canary, bluegreen, mirror'),
  canary: z.strictObject({ weight: z.int().min(0).max(100) }),
  bluegreen: z.strictObject({ active: ColourSchema, preview: z.boolean(), previewHeader: z.string().min(1) }),
  mirror: z.strictObject({ percent: z.number().min(0).max(100) }),
  match: z.array(HeaderMatchRuleSchema),
  /** Tracks deployed without traffic (Kubernetes make-before-break); the local stack ignores them. */
  warm: z.array(z.string()).optional(),
});
export type RolloutValues = z.infer<typeof RolloutValuesSchema>;

/** Which version runs on each track (the chart's `tracks.<track>.version`). */
export type TrackVersions = Record<Track, string>;

export const STABLE_ONLY: RolloutValues = {
  strategy: 'none',
  canary: { weight: 0 },
  bluegreen: { active: 'blue', preview: false, previewHeader: 'x-courier-preview' },
  mirror: { percent: 0 },
  match: [],
};

/**
 * The routing state of one service: its chart's rollout values, and which version runs on each
 * track. Promoting a canary locally is what `helm upgrade` does on a cluster: stable runs the new version.
 */
export interface ServiceRouting {
  values: RolloutValues;
  tracks: TrackVersions;
}

/** Where a stack starts: the first version on stable and blue; the next, when there is one, on canary and green. */
export function initialRouting(versions: readonly string[]): ServiceRouting {
  const [current, next = current] = versions;
  return { values: STABLE_ONLY, tracks: { stable: current, blue: current, canary: next, green: next } };
}
