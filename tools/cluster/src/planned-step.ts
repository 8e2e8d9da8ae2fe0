/** One command of a cluster plan. Commands run without a shell, from the workspace root. */
export interface PlannedStep {
  /** What the step achieves, in the words printed before it runs. */
  readonly title: string;
  readonly command: readonly string[];
  /** A probe that, when it exits 0, means the step's work is already done (re-running `up` is safe). */
  readonly skipWhen?: { readonly command: readonly string[]; readonly meaning: string };
}

const SAFE_SHELL_WORD = /^[A-Za-z0-9_@%+=:,./-]+$/;

/** Quotes an argument the way a POSIX shell reads it back, so printed plans can be pasted. */
export function shellQuote(argument: string): string {
  if (argument !== '' && SAFE_SHELL_WORD.test(argument)) return argument;
  return `'${argument.replace(/'/g, `'\\''`)}'`;
}

export function formatCommand(command: readonly string[]): string {
  return command.map(shellQuote).join(' ');
}
