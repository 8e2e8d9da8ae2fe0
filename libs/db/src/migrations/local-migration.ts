import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { migrationChecksum } from './migration-checksum';

/** One committed migration: `<migrationsDir>/<timestamp>_<name>/migration.sql`. */
export interface LocalMigration {
  /** The directory name, which is what Prisma stores as migration_name. */
  name: string;
  script: string;
  checksum: string;
}

/** Reads the committed migrations in the order Prisma applies them: by directory name. */
export async function readLocalMigrations(migrationsDir: string): Promise<LocalMigration[]> {
  const entries = await readdir(migrationsDir, { withFileTypes: true });
  const names = entries
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));

  const migrations: LocalMigration[] = [];
  for (const name of names) {
    const scriptPath = path.join(migrationsDir, name, 'migration.sql');
    let bytes: Buffer;
    try {
      bytes = await readFile(scriptPath);
    } catch (error) {
      throw new Error(`Migration "${name}" has no readable migration.sql at ${scriptPath}`, { cause: error });
    }
    // The checksum is taken over the bytes, exactly as stored on disk, like Prisma does.
    migrations.push({ name, script: bytes.toString('utf8'), checksum: migrationChecksum(bytes) });
  }
  return migrations;
}
