import { ProblemError } from '@courier/contracts';
import type { ErrorMapper } from '@courier/service-kit';
import { isDatabaseUnavailable, isPoolExhausted } from '../health/is-database-unavailable';

/**
 * A database the service cannot use right now is an infrastructure fault: a fast 503 the client may
 * retry, not a 500. The detail tells a stalled or saturated database from one that is gone.
 */
export const databaseErrorMapper: ErrorMapper = (error) => {
  if (!isDatabaseUnavailable(error)) return undefined;
  const detail = isPoolExhausted(error) ? 'no pooled PostgreSQL connection came free in time (every one was busy)' : 'PostgreSQL is unreachable';
  return ProblemError.dependencyUnavailable('database', detail).problem;
};
