import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { REPOSITORY } from './repository';

/**
 * A copy of the repository's working tree (tracked and not-ignored files, as `git ls-files` lists
 * them) in a temp directory, sharing this repository's node_modules through a symlink. It is what
 * a user's clone looks like before they run the generator, and nothing done in it reaches the
 * repository (the suites write only to their own temp dirs and node_modules/.cache).
 */
export function copyWorkspace(): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'courier-generated-'));
  const files = execFileSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], { cwd: REPOSITORY, encoding: 'utf8' }).split('\0').filter(Boolean);
  for (const file of files) {
    const source = path.join(REPOSITORY, file);
    // Listed but deleted in the working tree (someone is mid-change): the copy matches the tree.
    if (!fs.existsSync(source) || fs.statSync(source).isDirectory()) continue;
    fs.mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
    fs.copyFileSync(source, path.join(root, file));
  }
  fs.symlinkSync(path.join(REPOSITORY, 'node_modules'), path.join(root, 'node_modules'), 'dir');
  return root;
}

/**
 * Runs a workspace command (a node_modules/.bin-style script path) in the workspace; throws with its
 * output on failure. The output goes through a file, not a pipe: Node writes to a pipe
 * asynchronously, and Nx exits as soon as it is done, so on a busy machine the tail of a long
 * generator log (a rename's CREATE lines and next steps) was lost.
 */
export function runInWorkspace(root: string, script: string, args: readonly string[], env: NodeJS.ProcessEnv = {}): string {
  const logDir = fs.mkdtempSync(path.join(os.tmpdir(), 'courier-workspace-run-'));
  const [outFile, errFile] = [path.join(logDir, 'stdout'), path.join(logDir, 'stderr')];
  const [out, err] = [fs.openSync(outFile, 'w'), fs.openSync(errFile, 'w')];
  try {
    execFileSync(process.execPath, [require.resolve(script, { paths: [REPOSITORY] }), ...args], {
      cwd: root,
      // Plain text: the caller reads the output, and Nx's task runner forces colours on for its children.
      env: { ...process.env, NX_DAEMON: 'false', NX_NO_CLOUD: 'true', NX_TUI: 'false', FORCE_COLOR: '0', ...env },
      stdio: ['ignore', out, err],
    });
    return fs.readFileSync(outFile, 'utf8');
  } catch (error) {
    throw new Error(`${script} ${args.join(' ')} failed in ${root}:\n${fs.readFileSync(outFile, 'utf8')}\n${fs.readFileSync(errFile, 'utf8') || (error as Error).message}`);
  } finally {
    fs.closeSync(out);
    fs.closeSync(err);
    fs.rmSync(logDir, { recursive: true, force: true });
  }
}
