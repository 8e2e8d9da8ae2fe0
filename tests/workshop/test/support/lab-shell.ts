import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/**
 * A participant's terminal: blocks run one after another in bash, and what one block sets
 * (OWNER=…, a `cd`) the next one sees. Every command must succeed (`set -eo pipefail`): a lab
 * shows a failure on purpose only by printing it (`… || echo "exit code $?"`).
 *
 * The labs name npm start's ports (localhost:8080, 15002, …); the suite's stack runs on free
 * ones, so `ports` maps each default to the port it stands for, and the CLI finds the stack
 * through STACK_ADMIN_PORT and MESH_ADMIN_PORT in `env`.
 */
export class LabShell {
  private readonly stateDir = mkdtempSync(path.join(os.tmpdir(), 'courier-lab-shell-'));

  constructor(
    private readonly cwd: string,
    private readonly env: NodeJS.ProcessEnv,
    private readonly ports: Record<number, number> = {},
  ) {}

  run(commands: string, timeoutMs = 240_000): { status: number; output: string } {
    const state = path.join(this.stateDir, 'state.sh');
    const local = commands.replace(/\b(localhost|127\.0\.0\.1):(\d+)/g, (whole, host, port) => (this.ports[Number(port)] ? `${host}:${this.ports[Number(port)]}` : whole));
    const script = [
      'exec 2>&1',
      `[ -f '${state}' ] && source '${state}' && cd "$LAB_PWD"`,
      // Keep what the block set and where it ended, for the next block, however it ends.
      `trap 'LAB_PWD=$PWD; export -p | grep -vE "^declare -x (_|OLDPWD|PWD|SHLVL)=" > '"'${state}'"'' EXIT`,
      'set -a -eo pipefail',
      local,
    ].join('\n');
    const result = spawnSync('bash', ['-c', script], { cwd: this.cwd, env: { ...this.env, LAB_PWD: this.cwd }, encoding: 'utf8', timeout: timeoutMs, maxBuffer: 32 * 1024 * 1024 });
    return { status: result.status ?? -1, output: `${result.stdout ?? ''}${result.error ? `\n${result.error.message}` : ''}` };
  }

  close(): void {
    rmSync(this.stateDir, { recursive: true, force: true });
  }
}
