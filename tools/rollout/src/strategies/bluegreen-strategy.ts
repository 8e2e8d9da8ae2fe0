import type { RolloutPlan } from '../engine/rollout-plan';
import { STABLE_ONLY, type Colour } from '../engine/rollout-values';

export interface BlueGreenOptions {
  service: string;
  fromVersion: string;
  toVersion: string;
  /** The colour serving users now; the new version goes to the other one. */
  active: Colour;
  previewHeader?: string;
}

/**
 * Deploy the inactive colour, check it through the preview header (users still see the active
 * colour), switch 100% at once, and keep the old colour deployed for an instant rollback.
 */
export function blueGreenPlan(options: BlueGreenOptions): RolloutPlan {
  const idle: Colour = options.active === 'blue' ? 'green' : 'blue';
  const header = options.previewHeader ?? STABLE_ONLY.bluegreen.previewHeader;
  const at = (active: Colour, preview: boolean) => ({ ...STABLE_ONLY, strategy: 'bluegreen' as const, bluegreen: { active, preview, previewHeader: header } });
  const target = { service: options.service, version: options.toVersion };
  return {
    strategy: 'bluegreen',
    service: options.service,
    fromVersion: options.fromVersion,
    toVersion: options.toVersion,
    newTrack: idle,
    steps: [
      { name: `preview ${idle}`, values: at(options.active, true), analyse: target, probe: { header, value: 'true' } },
      { name: `switch to ${idle}`, values: at(idle, true), analyse: target },
    ],
    promote: at(idle, false),
    rollback: at(options.active, false),
  };
}
