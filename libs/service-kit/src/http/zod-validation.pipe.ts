import { Injectable, type ArgumentMetadata, type PipeTransform } from '@nestjs/common';
import { fieldErrorsFromZod, ProblemError } from '@courier/contracts';
import type { z } from 'zod';

/**
 * Validates and parses a body, query or route parameter with a contracts schema. A failure is a
 * 400 problem whose `errors` name each bad field (`body.email`, `query.limit`, `param.id`).
 */
@Injectable()
export class ZodValidationPipe<T> implements PipeTransform<unknown, T> {
  /** @param location overrides how fields are named, e.g. 'header' for @Headers() values. */
  constructor(
    private readonly schema: z.ZodType<T>,
    private readonly location?: string,
  ) {}

  transform(value: unknown, metadata: ArgumentMetadata): T {
    const result = this.schema.safeParse(value);
    if (result.success) return result.data;
    const location = this.location ?? (metadata.type === 'custom' ? 'input' : metadata.type);
    const prefix = metadata.data ? `${location}.${metadata.data}` : location;
    throw ProblemError.validation(fieldErrorsFromZod(result.error, prefix));
  }
}
