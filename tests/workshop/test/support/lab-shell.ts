import { spawn } from 'node:child_process';
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

  /**
   * Runs one block. Asynchronously: the stack and its admin API run in this process, and a
   * synchronous child would stop them from answering the commands it runs.
   */
  run(commands: string, timeoutMs = 240_000): Promise<{ status: number; output: string }> {
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
    return new Promise((resolve, reject) => {
      const child = spawn('bash', ['-c', script], { cwd: this.cwd, env: { ...this.env, LAB_PWD: this.cwd }, stdio: ['ignore', 'pipe', 'inherit'] });
      let output = '';
      child.stdout.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
      const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
      child.once('error', reject);
      child.once('close', (code) => {
        clearTimeout(timer);
        resolve({ status: code ?? -1, output: code === null ? `${output}\n(killed after ${timeoutMs / 1000} s)` : output });
      });
    });
  }

  close(): void {
    rmSync(this.stateDir, { recursive: true, force: true });
  }
}
