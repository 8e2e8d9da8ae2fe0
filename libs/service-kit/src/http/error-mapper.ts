import type { ProblemDetails } from '@courier/contracts';

/**
 * Lets a library teach service-kit about its errors without service-kit depending on it,
 * e.g. @courier/db maps "database unreachable" to a 503. Return undefined to pass.
 */
export type ErrorMapper = (error: unknown) => ProblemDetails | undefined;
