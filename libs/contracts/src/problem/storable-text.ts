import type { z } from 'zod';

/**
 * Free text that PostgreSQL can store. Its text types reject the NUL character (U+0000) at write
 * time, which would surface as a 500 from the insert; refusing it here makes it a 400 that names
 * the field. Every string a service writes to the database goes through this.
 */
export function storableText(schema: z.ZodString): z.ZodString {
  return schema.regex(/^[^\u0000]*$/, 'must not contain the NUL character (\\u0000)');
}
