import { spawn } from 'node:child_process';
import { constants } from 'node:os';
import type { SignalRelay } from './signal-relay';

/**
 * Runs the command with inherited stdio and resolves with the exit code a shell would report:
 * the command's own, or 128 + signal number when a signal ended it.
 */
export function runCommand(
  command: string,
  args: readonly string[],
  env: NodeJS.ProcessEnv,
  signals: SignalRelay,
): Promise<number> {
  return new Promise((resolve) => {
    const child = spawn(command, args, { stdio: 'inherit', env });
    signals.relayTo(child);
    child.once('error', (error: NodeJS.ErrnoException) => {
      console.error(`[with-db] could not run "${command}": ${error.message}`);
      resolve(error.code === 'ENOENT' ? 127 : 126);
    });
    child.once('exit', (code, signal) => {
      resolve(code ?? 128 + (signal === null ? 0 : constants.signals[signal]));
    });
  });
}
