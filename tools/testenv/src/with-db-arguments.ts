export interface WithDbArguments {
  realPostgres: boolean;
  command: string;
  commandArgs: string[];
}

export const WITH_DB_USAGE = 'Usage: node tools/testenv/bin/with-db.js [--real-postgres] -- <command> [args…]';

/** Splits with-db's own options from the command it runs (everything after `--`). */
export function parseWithDbArguments(argv: readonly string[]): WithDbArguments {
  const separator = argv.indexOf('--');
  const options = separator === -1 ? argv : argv.slice(0, separator);
  const commandLine = separator === -1 ? [] : argv.slice(separator + 1);

  let realPostgres = false;
  for (const option of options) {
    if (option === '--real-postgres') {
      realPostgres = true;
    } else {
      throw new Error(`Unknown option "${option}". ${WITH_DB_USAGE}`);
    }
  }
  const [command, ...commandArgs] = commandLine;
  if (command === undefined) {
    throw new Error(`No command given. ${WITH_DB_USAGE}`);
  }
  return { realPostgres, command, commandArgs };
}
