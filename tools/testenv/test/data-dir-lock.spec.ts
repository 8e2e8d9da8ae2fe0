import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { acquireDataDirLock } from '../src/data-dir-lock';

describe('acquireDataDirLock', () => {
  let root: string;
  let dataDir: string;

  beforeEach(async () => {
    root = await mkdtemp(path.join(os.tmpdir(), 'courier-lock-'));
    dataDir = path.join(root, 'nested', 'test-pglite');
  });

  afterEach(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it('grants the directory to one process at a time', async () => {
    const first = await acquireDataDirLock(dataDir);
    expect(first.acquired).toBe(true);
    expect(await readFile(`${dataDir}.lock`, 'utf8')).toBe(`${process.pid}\n`);

    expect(await acquireDataDirLock(dataDir)).toEqual({ acquired: false, holderPid: process.pid });

    if (first.acquired) await first.release();
    expect(existsSync(`${dataDir}.lock`)).toBe(false);
    expect((await acquireDataDirLock(dataDir)).acquired).toBe(true);
  });

  it('takes over a lock whose process is gone', async () => {
    const exited = spawnSync(process.execPath, ['-e', 'process.pid']);
    await mkdir(path.dirname(dataDir), { recursive: true });
    await writeFile(`${dataDir}.lock`, `${exited.pid}\n`);

    const lock = await acquireDataDirLock(dataDir);
    expect(lock.acquired).toBe(true);
    expect(await readFile(`${dataDir}.lock`, 'utf8')).toBe(`${process.pid}\n`);
  });
});
