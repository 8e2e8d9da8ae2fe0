import { z } from 'zod';

/** RFC 9457 media type. Every Courier error body is served with it. */
export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

/** One field-level reason, so a client can point at the exact input that was wrong. */
export const FieldErrorSchema = z.object({
  field: z.string(),
  pointer: z.string().optional(),
  detail: z.string(),
});
export type FieldError = z.infer<typeof FieldErrorSchema>;

/** RFC 9457 problem details, with the `errors` extension member for validation failures. */
export const ProblemDetailsSchema = z.looseObject({
  type: z.string().optional(), // absent means 'about:blank' (RFC 9457 §3.1.1)
  title: z.string(),
  status: z.number().int(),
  detail: z.string().optional(),
  instance: z.string().optional(),
  errors: z.array(FieldErrorSchema).optional(),
  requestId: z.string().optional(),
});
export type ProblemDetails = z.infer<typeof ProblemDetailsSchema>;

/** Problem type URIs are stable identifiers clients can switch on. */
export const ProblemTypes = {
  validation: 'https://courier.dev/problems/validation',
  notFound: 'https://courier.dev/problems/not-found',
  conflict: 'https://courier.dev/problems/conflict',
  unprocessable: 'https://courier.dev/problems/unprocessable',
  dependencyUnavailable: 'https://courier.dev/problems/dependency-unavailable',
  injectedFault: 'https://courier.dev/problems/injected-fault',
  internal: 'https://courier.dev/problems/internal',
} as const;
