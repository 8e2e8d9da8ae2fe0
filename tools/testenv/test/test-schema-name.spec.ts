import { TEST_SCHEMA_PREFIX, testSchemaName } from '../src';

describe('testSchemaName', () => {
  it('turns any prefix into a lower-case identifier that needs no quoting', () => {
    expect(testSchemaName('Users API / v2!')).toMatch(/^test_users_api_v2_[0-9a-f]{10}$/);
    expect(testSchemaName('--')).toMatch(/^test_[0-9a-f]{10}$/);
  });

  it('stays within the 63 bytes Postgres keeps of an identifier', () => {
    const name = testSchemaName('a'.repeat(200));
    expect(name.length).toBeLessThanOrEqual(63);
    expect(name).toMatch(/^test_a+_[0-9a-f]{10}$/);
  });

  it('is unique per call and always carries the prefix that marks leftovers', () => {
    const names = new Set(Array.from({ length: 100 }, () => testSchemaName('same')));
    expect(names.size).toBe(100);
    for (const name of names) expect(name.startsWith(TEST_SCHEMA_PREFIX)).toBe(true);
  });
});
