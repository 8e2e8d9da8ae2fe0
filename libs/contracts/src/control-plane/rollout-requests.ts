import { z } from 'zod';
import { RolloutValuesSchema, TRACKS } from './rollout-values';

/** A service's name as charts and the stack spell it; whether one runs is the control plane's answer (404). */
export const ServiceNameSchema = z.string().regex(/^[a-z][a-z0-9-]{0,62}$/, 'must be a service name: lower-case letters, digits and dashes');

export const VersionSchema = z.string().regex(/^v?\d+(\.\d+){0,2}$/, 'must look like v1, v2 or 1.2.3');

/** POST /api/rollouts/:service (web's control API and the stack admin): start a rollout the stack runs. */
export const StartRolloutSchema = z.strictObject({
  strategy: z.enum(['canary', 'bluegreen', 'mirror'], 'must be one of canary, bluegreen, mirror'),
  steps: z
    .array(z.int('must be whole percentages').min(1, 'must be at least 1').max(100, 'must be at most 100'))
    .min(1, 'needs at least one step')
    .max(10, 'at most 10 steps')
    .refine((steps) => steps.every((w, i) => i === 0 || w > steps[i - 1]), 'must ascend')
    .optional(),
  intervalSeconds: z.number('must be a number of seconds').min(1, 'must be at least 1').max(600, 'must be at most 600').optional(),
  percent: z.int('must be a whole percentage').min(1, 'must be at least 1').max(100, 'must be at most 100').optional(),
});
export type StartRollout = z.infer<typeof StartRolloutSchema>;

/** POST /api/rollouts/:service/control: promote or abort the rollout in progress. */
export const ControlActionSchema = z.strictObject({ action: z.enum(['promote', 'abort'], 'must be promote or abort') });
export type ControlAction = z.infer<typeof ControlActionSchema>['action'];

/** A version's "bad mode": the share of requests it fails and the delay it adds. */
export const FaultSettingsSchema = z.strictObject({
  errorRate: z.number('must be a number between 0 and 1').min(0, 'must be at least 0').max(1, 'must be at most 1'),
  delayMs: z.int('must be whole milliseconds').min(0, 'must be at least 0').max(60_000, 'must be at most 60000'),
});
export type FaultSettings = z.infer<typeof FaultSettingsSchema>;

/** PUT /api/load: the customer journeys per second the stack's load generator sends (0 stops it). */
export const LoadSchema = z.strictObject({
  rps: z.int('must be whole requests per second').min(0, 'must be at least 0 (0 stops the load)').max(300, 'must be at most 300'),
});

/** PUT /api/rollouts/:service/routing (an actuator's step): the chart's `rollout` values, and a version moved onto a track. */
export const SetRoutingSchema = z.strictObject({
  values: RolloutValuesSchema,
  tracks: z.partialRecord(z.enum(TRACKS, `must be one of ${TRACKS.join(', ')}`), z.string()).optional(),
});
export type SetRouting = z.infer<typeof SetRoutingSchema>;

/** POST /api/rollouts/:service/promotion: the new version serves what the strategy ends on. */
export const PromotionSchema = z.strictObject({
  version: z.string().min(1),
  values: RolloutValuesSchema,
  strategy: z.enum(['canary', 'bluegreen', 'mirror', 'ab']),
});
export type Promotion = z.infer<typeof PromotionSchema>;

/**
 * A body parsed by a schema, or the first problem as `field: message` (what the stack's admin API
 * answers in its 400 problem's detail; web turns the same issues into its problem's `errors`).
 */
export function parseBody<T>(schema: z.ZodType<T>, body: unknown): { ok: true; value: T } | { ok: false; detail: string } {
  const parsed = schema.safeParse(body);
  if (parsed.success) return { ok: true, value: parsed.data };
  const [issue] = parsed.error.issues;
  // A body that is not even an object (null, a list, a number) has no field to name.
  if (issue.path.length === 0 && issue.code === 'invalid_type') return { ok: false, detail: 'body: not the shape this endpoint takes: send a JSON object' };
  return { ok: false, detail: `${issue.path.join('.') || 'body'}: ${issue.message}` };
}
