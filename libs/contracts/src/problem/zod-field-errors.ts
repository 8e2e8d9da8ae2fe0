import type { z } from 'zod';
import type { FieldError } from './problem-details';

/**
 * Turns zod issues into field errors named the way a client sees its input
 * (`body.email`, `query.limit`), with a JSON pointer into the document.
 */
export function fieldErrorsFromZod(error: z.ZodError, location: string): FieldError[] {
  return error.issues.map((issue) => {
    const path = issue.path.map(String);
    return {
      field: [location, ...path].filter(Boolean).join('.'),
      pointer: `#/${path.join('/')}`,
      detail: issue.message,
    };
  });
}
