import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/**
 * `checkout: self` on a fresh agent: a copy of the repository's files (tracked and untracked but
 * not ignored, as they are in the working tree now) in `destination`, so no pipeline script can
 * write into the repository under test. node_modules is a symlink to the installed one (the
 * executor answers `npm ci` without installing); there is no .git.
 */
export async function checkoutWorkspace(workspaceRoot: string, destination: string): Promise<void> {
  const { stdout } = await run('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], { cwd: workspaceRoot, maxBuffer: 64 * 1024 * 1024 });
  // A node_modules symlink is not matched by a `node_modules/` ignore rule; it is linked below instead.
  const files = stdout.split('\0').filter((file) => file && file !== 'node_modules' && !file.startsWith('node_modules/'));
  for (const file of new Set(files)) {
    const from = path.join(workspaceRoot, file);
    const stat = fs.lstatSync(from, { throwIfNoEntry: false });
    if (!stat) continue; // deleted in the working tree, not yet committed
    const to = path.join(destination, file);
    fs.mkdirSync(path.dirname(to), { recursive: true });
    if (stat.isSymbolicLink()) fs.symlinkSync(fs.readlinkSync(from), to);
    else if (stat.isFile()) fs.copyFileSync(from, to);
  }
  fs.symlinkSync(path.join(workspaceRoot, 'node_modules'), path.join(destination, 'node_modules'));
}
