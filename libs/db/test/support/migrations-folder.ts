import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

/** A throw-away Prisma migrations folder: `<dir>/<name>/migration.sql`. */
export interface MigrationsFolder {
  dir: string;
  write(name: string, sql: string): Promise<void>;
  remove(): Promise<void>;
}

export async function createMigrationsFolder(migrations: Record<string, string> = {}): Promise<MigrationsFolder> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'courier-migrations-'));
  const folder: MigrationsFolder = {
    dir,
    async write(name, sql) {
      await mkdir(path.join(dir, name), { recursive: true });
      await writeFile(path.join(dir, name, 'migration.sql'), sql);
    },
    remove: () => rm(dir, { recursive: true, force: true }),
  };
  for (const [name, sql] of Object.entries(migrations)) {
    await folder.write(name, sql);
  }
  return folder;
}
