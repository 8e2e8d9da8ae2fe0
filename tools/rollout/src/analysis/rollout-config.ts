import { readFile } from 'node:fs/promises';
import { DEFAULT_THRESHOLDS, type Thresholds } from './thresholds';

/** `rollout.config.json`: analysis thresholds and defaults, per service. */
export interface RolloutConfig {
  defaults: { steps: number[]; intervalSeconds: number; thresholds: Thresholds };
  services: Record<string, { thresholds?: Partial<Thresholds>; steps?: number[]; intervalSeconds?: number }>;
}

export const DEFAULT_ROLLOUT_CONFIG: RolloutConfig = {
  defaults: { steps: [10, 25, 50, 100], intervalSeconds: 30, thresholds: DEFAULT_THRESHOLDS },
  services: {},
};

export async function loadRolloutConfig(file: string): Promise<RolloutConfig> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch {
    return DEFAULT_ROLLOUT_CONFIG;
  }
  const parsed = JSON.parse(text) as Partial<RolloutConfig>;
  return {
    defaults: { ...DEFAULT_ROLLOUT_CONFIG.defaults, ...parsed.defaults, thresholds: { ...DEFAULT_THRESHOLDS, ...parsed.defaults?.thresholds } },
    services: parsed.services ?? {},
  };
}

/** Service thresholds override the defaults field by field. */
export function thresholdsFor(config: RolloutConfig, service: string): Thresholds {
  return { ...config.defaults.thresholds, ...config.services[service]?.thresholds };
}
