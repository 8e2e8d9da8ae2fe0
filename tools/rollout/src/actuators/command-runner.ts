import { execFile } from 'node:child_process';

/** Runs an external command (helm, kubectl), or only prints it in dry-run mode. */
export interface CommandRunner {
  run(command: string, args: string[]): Promise<string>;
}

/** Quotes an argument for display so a printed plan can be pasted into a shell as is. */
export function shellQuote(arg: string): string {
  return /^[\w@%+=:,./-]+$/.test(arg) ? arg : `'${arg.replace(/'/g, `'\\''`)}'`;
}

export class ProcessRunner implements CommandRunner {
  run(command: string, args: string[]): Promise<string> {
    return new Promise((resolve, reject) => {
      execFile(command, args, { maxBuffer: 16 * 1024 * 1024 }, (error, stdout, stderr) => {
        if (error) reject(new Error(`${[command, ...args].map(shellQuote).join(' ')} failed: ${stderr || error.message}`));
        else resolve(stdout);
      });
    });
  }
}

/** Prints each command instead of running it; `--dry-run` output is the exact plan. */
export class DryRunRunner implements CommandRunner {
  readonly commands: string[] = [];
  constructor(private readonly print: (line: string) => void = () => undefined) {}
  async run(command: string, args: string[]): Promise<string> {
    const line = [command, ...args].map(shellQuote).join(' ');
    this.commands.push(line);
    this.print(line);
    return '';
  }
}
