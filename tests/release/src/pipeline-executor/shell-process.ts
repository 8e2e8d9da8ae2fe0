import { spawn } from 'node:child_process';

export interface ShellResult {
  exitCode: number;
  stdout: string;
  stderr: string;
}

/**
 * Runs a script file with bash as the agent's script and Bash tasks do (`bash --noprofile --norc
 * file`, no `-e`: the script's own exit code decides). It gets its own process group so that,
 * like the agent's process cleanup, whatever it left running in the background is ended with it.
 */
export function runShellFile(file: string, options: { cwd: string; env: Record<string, string>; timeoutMs: number }): Promise<ShellResult> {
  return new Promise((resolve) => {
    const child = spawn('bash', ['--noprofile', '--norc', file], { cwd: options.cwd, env: options.env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    let stdout = '';
    let stderr = '';
    let timedOut = false;
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const killGroup = (signal: NodeJS.Signals) => {
      try {
        process.kill(-(child.pid as number), signal);
      } catch {
        // the group is gone already
      }
    };
    const timer = setTimeout(() => {
      timedOut = true;
      killGroup('SIGKILL');
    }, options.timeoutMs);
    child.on('exit', () => killGroup('SIGTERM'));
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      if (timedOut) stderr += `\n##[error]The step timed out after ${options.timeoutMs} ms\n`;
      resolve({ exitCode: code ?? (signal ? 128 : 1), stdout, stderr });
    });
  });
}
