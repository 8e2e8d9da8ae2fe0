import { mkdir, readFile, unlink, writeFile } from 'node:fs/promises';
import path from 'node:path';

export type DataDirLock =
  | { acquired: true; release(): Promise<void> }
  | { acquired: false; holderPid: number };

/**
 * An exclusive claim on a PGlite data directory: a lock file `<dataDir>.lock` holding our pid.
 * Two PGlite instances on one directory would corrupt it. A lock whose process is gone is
 * stale (a killed run) and is taken over.
 */
export async function acquireDataDirLock(dataDir: string): Promise<DataDirLock> {
  const lockFile = `${dataDir}.lock`;
  await mkdir(path.dirname(lockFile), { recursive: true });
  for (let attempt = 0; attempt < 2; attempt += 1) {
    try {
      await writeFile(lockFile, `${process.pid}\n`, { flag: 'wx' });
      return { acquired: true, release: () => unlink(lockFile).catch(() => undefined) };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    const holderPid = Number((await readFile(lockFile, 'utf8').catch(() => '')).trim());
    if (Number.isInteger(holderPid) && holderPid > 0 && isAlive(holderPid)) {
      return { acquired: false, holderPid };
    }
    await unlink(lockFile).catch(() => undefined);
  }
  throw new Error(`Could not acquire ${lockFile}: it keeps reappearing`);
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to another user.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
