/**
 * Flags and positionals of a helm or kubectl command line. Each tool declares which flags take a
 * value; an undeclared flag is an error, so a command the simulator does not understand fails
 * loudly instead of being half-answered.
 */
export interface CommandLine {
  readonly positionals: string[];
  /** Every value of each flag, in order (`--set a=1 --set b=2`), under its long name. */
  readonly values: ReadonlyMap<string, string[]>;
  readonly switches: ReadonlySet<string>;
  /** What follows `--` (kubectl exec's command). */
  readonly rest: string[];
}

export interface FlagSpec {
  /** Long names of flags that take a value. */
  readonly valued: readonly string[];
  /** Long names of boolean flags. */
  readonly switches: readonly string[];
  /** Short name -> long name. */
  readonly short: Readonly<Record<string, string>>;
}

export class CommandLineError extends Error {}

export function parseCommandLine(args: readonly string[], spec: FlagSpec): CommandLine {
  const positionals: string[] = [];
  const values = new Map<string, string[]>();
  const switches = new Set<string>();
  const valued = new Set(spec.valued);
  const booleans = new Set(spec.switches);
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (arg === '--') return { positionals, values, switches, rest: args.slice(i + 1) };
    if (!arg.startsWith('-') || arg === '-') {
      positionals.push(arg);
      continue;
    }
    const [rawName, inline] = splitInline(arg);
    const name = rawName.startsWith('--') ? rawName.slice(2) : spec.short[rawName.slice(1)];
    if (name === undefined) throw new CommandLineError(`unknown shorthand flag: '${rawName.slice(1)}' in ${arg}`);
    if (valued.has(name)) {
      const value = inline ?? args[++i];
      if (value === undefined) throw new CommandLineError(`flag needs an argument: ${rawName}`);
      values.set(name, [...(values.get(name) ?? []), value]);
    } else if (booleans.has(name)) {
      if (inline === undefined || inline === 'true') switches.add(name);
      else if (inline !== 'false') throw new CommandLineError(`invalid argument "${inline}" for "${rawName}" flag`);
    } else {
      throw new CommandLineError(`unknown flag: ${rawName} (the cluster simulator does not model it)`);
    }
  }
  return { positionals, values, switches, rest: [] };
}

function splitInline(arg: string): [string, string | undefined] {
  const equals = arg.indexOf('=');
  return equals < 0 ? [arg, undefined] : [arg.slice(0, equals), arg.slice(equals + 1)];
}

/** The last value of a flag (later flags win, as in cobra). */
export const lastValue = (line: CommandLine, name: string): string | undefined => line.values.get(name)?.at(-1);
