import { createHash } from 'node:crypto';

/**
 * Prisma's migration checksum: SHA-256 of the raw migration.sql bytes, as lowercase hex
 * zero-padded to 64 characters (prisma-engines, schema-connector/src/checksum.rs).
 */
export function migrationChecksum(script: string | Buffer): string {
  return createHash('sha256').update(script).digest('hex');
}

/**
 * Whether a stored checksum still describes the script, with the two tolerances Prisma has:
 * line endings (git may have converted LF and CRLF on checkout) and the pre-2.x checksum
 * format that dropped each byte's leading zero (prisma-engines issue #1887).
 */
export function checksumMatches(script: string, storedChecksum: string): boolean {
  const variants = [script, script.replaceAll('\r\n', '\n'), script.replaceAll(/(?<!\r)\n/g, '\r\n')];
  return variants.some((variant) => {
    const digest = createHash('sha256').update(variant).digest();
    return digest.toString('hex') === storedChecksum || unpaddedHex(digest) === storedChecksum;
  });
}

function unpaddedHex(digest: Buffer): string {
  return Array.from(digest, (byte) => byte.toString(16)).join('');
}
