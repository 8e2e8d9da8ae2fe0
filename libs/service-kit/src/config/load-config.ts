import { z } from 'zod';
import { ConfigError } from './config-error';

/**
 * Reads and validates environment variables against a zod object schema whose fields carry a
 * `.describe()` text saying how to fix them. The schema is the single source of truth for
 * defaults, types and operator guidance.
 */
export function loadConfig<S extends z.ZodObject>(service: string, schema: S, env: NodeJS.ProcessEnv = process.env): z.infer<S> {
  const input: Record<string, string | undefined> = {};
  for (const key of Object.keys(schema.shape)) {
    const value = env[key];
    input[key] = value === '' ? undefined : value;
  }
  const result = schema.safeParse(input);
  if (result.success) return result.data;

  const problems = result.error.issues.map((issue) => {
    const variable = String(issue.path[0] ?? '(environment)');
    const field = schema.shape[variable] as z.ZodType | undefined;
    const got = input[variable];
    return {
      variable,
      problem: `${issue.message}${got === undefined ? ' (not set)' : ` (got ${JSON.stringify(got)})`}`,
      fix: field?.description ?? `set ${variable} to a valid value`,
    };
  });
  throw new ConfigError(service, problems);
}

/** Env vars are strings; these parse them strictly so `PORT=80a` is an error, not 80. */
export const envInt = (min: number, max: number) =>
  z.string().regex(/^\d+$/, 'must be a whole number').transform(Number).pipe(z.number().min(min, `must be at least ${min}`).max(max, `must be at most ${max}`));

export const envRate = () =>
  z.string().regex(/^(0(\.\d+)?|1(\.0+)?)$/, 'must be a number between 0 and 1').transform(Number);

export const envBool = () => z.enum(['true', 'false'], 'must be true or false').transform((v) => v === 'true');

export const envRegex = () =>
  z.string().transform((source, ctx) => {
    try {
      return new RegExp(source);
    } catch (error) {
      ctx.addIssue({ code: 'custom', message: `must be a valid regular expression (${(error as Error).message})` });
      return z.NEVER;
    }
  });
