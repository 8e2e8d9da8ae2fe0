import type { FieldError, ProblemDetails } from './problem-details';
import { ProblemTypes } from './problem-details';

/**
 * An error that already knows its RFC 9457 representation. Domain code throws these;
 * service-kit's exception filter renders them unchanged.
 */
export class ProblemError extends Error {
  constructor(readonly problem: ProblemDetails) {
    super(problem.detail ?? problem.title);
    this.name = 'ProblemError';
  }

  get status(): number {
    return this.problem.status;
  }

  static notFound(detail: string): ProblemError {
    return new ProblemError({ type: ProblemTypes.notFound, title: 'Not Found', status: 404, detail });
  }

  static conflict(detail: string): ProblemError {
    return new ProblemError({ type: ProblemTypes.conflict, title: 'Conflict', status: 409, detail });
  }

  static unprocessable(detail: string, errors?: FieldError[]): ProblemError {
    return new ProblemError({ type: ProblemTypes.unprocessable, title: 'Unprocessable Content', status: 422, detail, errors });
  }

  static validation(errors: FieldError[]): ProblemError {
    const detail = errors.map((e) => `${e.field}: ${e.detail}`).join('; ');
    return new ProblemError({ type: ProblemTypes.validation, title: 'Invalid request', status: 400, detail, errors });
  }

  static dependencyUnavailable(dependency: string, detail: string): ProblemError {
    return new ProblemError({
      type: ProblemTypes.dependencyUnavailable,
      title: 'Service Unavailable',
      status: 503,
      detail: `${dependency} is unavailable: ${detail}`,
      dependency,
    });
  }
}
