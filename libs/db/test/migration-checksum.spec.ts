import { createHash } from 'node:crypto';
import { migrationChecksum } from '../src';
import { checksumMatches } from '../src/migrations/migration-checksum';

describe('migration checksums', () => {
  it("match Prisma's own test vector: lowercase, zero-padded hex SHA-256", () => {
    // From prisma-engines, schema-connector/src/checksum.rs.
    expect(migrationChecksum('hello')).toBe('2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824');
  });

  it('are taken over the bytes, so a string and its UTF-8 encoding agree', () => {
    const script = 'CREATE TABLE "Ünïcode" ();\n';
    expect(migrationChecksum(Buffer.from(script, 'utf8'))).toBe(migrationChecksum(script));
  });

  it('tolerate line-ending conversion in either direction', () => {
    const lf = 'CREATE TABLE a ();\nCREATE TABLE b ();\n';
    const crlf = lf.replaceAll('\n', '\r\n');
    expect(checksumMatches(crlf, migrationChecksum(lf))).toBe(true);
    expect(checksumMatches(lf, migrationChecksum(crlf))).toBe(true);
  });

  it('accept the legacy checksum format without zero padding', () => {
    const script = 'SELECT 1;';
    const legacy = Array.from(createHash('sha256').update(script).digest(), (byte) => byte.toString(16)).join('');
    expect(legacy.length).toBeLessThan(64);
    expect(checksumMatches(script, legacy)).toBe(true);
  });

  it('reject any other change', () => {
    expect(checksumMatches('SELECT 1;', migrationChecksum('SELECT 2;'))).toBe(false);
    expect(checksumMatches('SELECT 1; ', migrationChecksum('SELECT 1;'))).toBe(false);
  });
});
