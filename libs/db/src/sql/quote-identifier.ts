/**
 * Quotes a Postgres identifier (schema, table) for interpolation into SQL text.
 * Identifiers cannot be bound as query parameters, so this is the only safe way to
 * put a caller-supplied schema name into DDL.
 */
export function quoteIdentifier(identifier: string): string {
  if (identifier.length === 0) {
    throw new Error('A Postgres identifier must not be empty');
  }
  if (identifier.includes('\u0000')) {
    throw new Error('A Postgres identifier must not contain a NUL character');
  }
  return `"${identifier.replaceAll('"', '""')}"`;
}
