import { execFileSync } from 'node:child_process';

/**
 * Makes a workspace copy a git repository with every file staged, as a user's clone is after they
 * changed it: suites that list the workspace's files with `git ls-files` (tools/generators' tests)
 * then run there. Nothing is committed, and this repository's git state is not touched.
 */
export function stageAsClone(root: string): void {
  execFileSync('git', ['init', '--quiet'], { cwd: root });
  execFileSync('git', ['add', '--all'], { cwd: root });
}
