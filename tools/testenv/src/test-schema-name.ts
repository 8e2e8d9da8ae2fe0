import { randomBytes } from 'node:crypto';

/** Every schema a test creates starts with this, so leftovers of crashed runs are recognisable. */
export const TEST_SCHEMA_PREFIX = 'test_';

/** Postgres truncates identifiers beyond 63 bytes, which would make two names collide. */
const MAX_IDENTIFIER_LENGTH = 63;
const RANDOM_SUFFIX_BYTES = 5;

/**
 * A fresh schema name: `test_<prefix>_<random>`, lower-case letters, digits and underscores
 * only, so it needs no quoting anywhere (Prisma URLs, psql, logs).
 */
export function testSchemaName(prefix: string): string {
  const suffix = randomBytes(RANDOM_SUFFIX_BYTES).toString('hex');
  const readable = prefix
    .toLowerCase()
    .replaceAll(/[^a-z0-9_]+/g, '_')
    .replaceAll(/^_+|_+$/g, '');
  const room = MAX_IDENTIFIER_LENGTH - TEST_SCHEMA_PREFIX.length - suffix.length - 1;
  const middle = readable.slice(0, room).replace(/_+$/, '');
  return `${TEST_SCHEMA_PREFIX}${middle === '' ? '' : `${middle}_`}${suffix}`;
}
