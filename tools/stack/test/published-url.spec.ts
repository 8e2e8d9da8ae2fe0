import { withoutPassword } from '../src/published-url';

describe('URLs on the stack admin API', () => {
  it('keeps user, host, port and database, and drops the password', () => {
    expect(withoutPassword('postgres://postgres:postgres@127.0.0.1:5433/postgres')).toBe('postgres://postgres@127.0.0.1:5433/postgres');
    expect(withoutPassword('postgresql://courier:s%40cret@db.example:5432/courier?sslmode=require')).toBe('postgresql://courier@db.example:5432/courier?sslmode=require');
    expect(withoutPassword('postgres://127.0.0.1:5433/postgres')).toBe('postgres://127.0.0.1:5433/postgres');
    // Before the database has started there is nothing to publish.
    expect(withoutPassword('')).toBe('');
  });
});
