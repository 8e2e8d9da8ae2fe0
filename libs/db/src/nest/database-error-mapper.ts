import { ProblemError } from '@courier/contracts';
import type { ErrorMapper } from '@courier/service-kit';
import { isDatabaseUnavailable } from '../health/is-database-unavailable';

/** An unreachable database is an infrastructure fault: a fast 503 the client may retry, not a 500. */
export const databaseErrorMapper: ErrorMapper = (error) =>
  isDatabaseUnavailable(error) ? ProblemError.dependencyUnavailable('database', 'PostgreSQL is unreachable').problem : undefined;
