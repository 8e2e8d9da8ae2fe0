import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import { DEFAULT_THRESHOLDS, type Thresholds } from './thresholds';

const Steps = z
  .array(z.int().min(1, 'must be at least 1').max(100, 'must be at most 100'))
  .min(1, 'needs at least one step')
  .refine((steps) => steps.every((w, i) => i === 0 || w > steps[i - 1]), 'must ascend');
const ThresholdsSchema = z.strictObject({
  minSuccessRate: z.number().min(0, 'must be between 0 and 1').max(1, 'must be between 0 and 1'),
  maxP99Ms: z.number().positive('must be above 0'),
  minRequests: z.int().min(1, 'must be at least 1'),
});
const IntervalSeconds = z.number().min(1, 'must be at least 1').max(600, 'must be at most 600');

/** The file's schema: a misspelt key or an impossible threshold is an error naming it, never a silent default. */
const RolloutConfigFileSchema = z.strictObject({
  $comment: z.string().optional(),
  defaults: z.strictObject({ steps: Steps.optional(), intervalSeconds: IntervalSeconds.optional(), thresholds: ThresholdsSchema.partial().optional() }).optional(),
  services: z.record(z.string(), z.strictObject({ thresholds: ThresholdsSchema.partial().optional(), steps: Steps.optional(), intervalSeconds: IntervalSeconds.optional() })).optional(),
});

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
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new Error(`${file}: not JSON (${(error as Error).message})`);
  }
  const result = RolloutConfigFileSchema.safeParse(json);
  if (!result.success) {
    throw new Error(`${file}: ${result.error.issues.map((issue) => `${issue.path.join('.') || '(top level)'}: ${issue.message}`).join('; ')}`);
  }
  const parsed = result.data;
  return {
    defaults: { ...DEFAULT_ROLLOUT_CONFIG.defaults, ...parsed.defaults, thresholds: { ...DEFAULT_THRESHOLDS, ...parsed.defaults?.thresholds } },
    services: parsed.services ?? {},
  };
}

/** Service thresholds override the defaults field by field. */
export function thresholdsFor(config: RolloutConfig, service: string): Thresholds {
  return { ...config.defaults.thresholds, ...config.services[service]?.thresholds };
}
