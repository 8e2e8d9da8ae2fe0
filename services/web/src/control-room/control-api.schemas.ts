import { z } from 'zod';
/** A service's name as charts and the stack spell it; whether one runs is the control plane's answer (404). */
export const ServiceNameSchema = z.string().regex(/^[a-z][a-z0-9-]{0,62}$/, 'must be a service name: lower-case letters, digits and dashes');

export const VersionSchema = z.string().regex(/^v?\d+(\.\d+){0,2}$/, 'must look like v1, v2 or 1.2.3');

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

export const FaultSettingsSchema = z.strictObject({
  errorRate: z.number('must be a number between 0 and 1').min(0, 'must be at least 0').max(1, 'must be at most 1'),
  delayMs: z.int('must be whole milliseconds').min(0, 'must be at least 0').max(60_000, 'must be at most 60000'),
});

export const LoadSchema = z.strictObject({
  rps: z.int('must be whole requests per second').min(0, 'must be at least 0 (0 stops the load)').max(300, 'must be at most 300'),
});
