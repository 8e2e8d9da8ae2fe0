import fs from 'node:fs';
import path from 'node:path';
import type { CommandLine } from './command-line';
import type { RealHelm } from './real-helm';

export type Values = Record<string, unknown>;

/** Helm's value flags, in the order helm itself layers them (files, then each --set kind). */
const VALUE_FLAGS = ['values', 'set-json', 'set', 'set-string', 'set-file', 'set-literal'] as const;

export const VALUE_FLAG_NAMES: readonly string[] = VALUE_FLAGS;

/** The value flags of a command line, as arguments to hand to another helm command. */
export const valueFlagArgs = (line: CommandLine): string[] =>
  VALUE_FLAGS.flatMap((flag) => (line.values.get(flag) ?? []).flatMap((value) => [`--${flag}`, value]));

/** `--set a=1 --set-string b=c` -> [['--set', 'a=1'], ['--set-string', 'b=c']] */
const flagPairs = (flagArgs: readonly string[]): [string, string][] =>
  flagArgs.flatMap((arg, index) => (index % 2 === 0 ? [[arg, flagArgs[index + 1]] as [string, string]] : []));

/**
 * A flag whose values do not depend on anything but its text, nor on the values before it: not a
 * file, and no list index (`a[0]=x` edits the list it lands in).
 */
function typedAlone([flag, text]: [string, string]): boolean {
  if (flag === '--values' || flag === '--set-file') return false;
  const keys = flag === '--set-json' ? text.slice(0, text.indexOf('=')) : text;
  return !keys.includes('[');
}

/**
 * `--set-string a.b=text` with a plain dotted key and nothing helm would split or unescape: a string
 * at that path, whatever the text looks like. Saves a helm run for each new version string.
 */
function plainString(flag: string, text: string): Values | undefined {
  const match = /^([A-Za-z0-9_-]+(?:\.[A-Za-z0-9_-]+)*)=([^,\\[\]{}]*)$/.exec(text);
  if (flag !== '--set-string' || !match) return undefined;
  return match[1].split('.').reduceRight<unknown>((value, key) => ({ [key]: value }), match[2]) as Values;
}

/** Helm's order of --set flags onto the values so far: maps merge, anything else replaces. */
function overlay(values: Values, flag: Values): Values {
  const result: Values = { ...values };
  for (const [key, value] of Object.entries(flag)) {
    result[key] = isMap(value) && isMap(result[key]) ? overlay(result[key] as Values, value) : value;
  }
  return result;
}

const isMap = (value: unknown): value is Values => typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * Helm's coalescing of user values over chart defaults: maps merge key by key, anything else in
 * the user values replaces the default, and a user `null` deletes the default.
 */
export function coalesce(user: Values, defaults: Values): Values {
  const result: Values = { ...defaults };
  for (const [key, value] of Object.entries(user)) {
    if (value === null) delete result[key];
    else result[key] = isMap(value) && isMap(defaults[key]) ? coalesce(value, defaults[key] as Values) : value;
  }
  return result;
}

/**
 * Computes user-supplied values exactly as helm types them (`--set a=1234567` is an integer,
 * `--set-string` a string, `--set-json` JSON), by letting the real helm render a one-template chart
 * that prints `.Values`. A `base` (the previous release's values when reusing) goes first, as a
 * values file, so the command's own flags win over it as they do in helm.
 */
export class ValueMerger {
  private chartDir?: string;
  /** One flag's values as helm types them, by flag and text; shared by every simulator in the process. */
  private static readonly typedFlags = new Map<string, Values>();

  constructor(private readonly helm: RealHelm) {}

  async merge(flagArgs: readonly string[], cwd: string, base?: Values): Promise<{ values: Values } | { error: string }> {
    // Nothing to type: the values are the base as it is (a rollout step that only re-applies).
    if (flagArgs.length === 0) return { values: base ?? {} };
    const pairs = flagPairs(flagArgs);
    return pairs.every(typedAlone) ? this.mergeFlagByFlag(pairs, cwd, base) : this.mergeInOneRun(flagArgs, cwd, base);
  }

  /** The reference: one helm run with the base as a values file and all the flags. */
  mergeInOneRun(flagArgs: readonly string[], cwd: string, base?: Values): Promise<{ values: Values } | { error: string }> {
    const baseArgs = base ? ['--values', this.helm.writeScratch('base-values.json', JSON.stringify(base))] : [];
    return this.probe([...baseArgs, ...flagArgs], cwd);
  }

  /**
   * Helm applies each --set flag in turn onto the values so far, so typing each flag on its own
   * (cached by its text: a rollout repeats the same few) and merging them over the base in order
   * gives what one helm run would, for flags that do not index into lists.
   */
  private async mergeFlagByFlag(pairs: readonly [string, string][], cwd: string, base?: Values): Promise<{ values: Values } | { error: string }> {
    let values: Values = base ?? {};
    for (const [flag, text] of pairs) {
      const key = `${flag}\0${text}`;
      let typed = ValueMerger.typedFlags.get(key) ?? plainString(flag, text);
      if (!typed) {
        const result = await this.probe([flag, text], cwd);
        if ('error' in result) return result;
        typed = result.values;
        ValueMerger.typedFlags.set(key, typed);
      }
      values = overlay(values, typed);
    }
    return { values };
  }

  private async probe(args: readonly string[], cwd: string): Promise<{ values: Values } | { error: string }> {
    const result = await this.helm.run(['template', 'values', this.probeChart(), ...args], cwd);
    if (result.code !== 0) return { error: result.stderr.replace(/^Error: /, '').trim() };
    const json = result.stdout.split('\n').find((line) => line.startsWith('{'));
    return { values: json ? (JSON.parse(json) as Values) : {} };
  }

  private probeChart(): string {
    if (this.chartDir) return this.chartDir;
    const dir = path.join(this.helm.home, 'values-probe');
    fs.mkdirSync(path.join(dir, 'templates'), { recursive: true });
    fs.writeFileSync(path.join(dir, 'Chart.yaml'), 'apiVersion: v2\nname: values\nversion: 0.1.0\n');
    fs.writeFileSync(path.join(dir, 'templates', 'values.json'), '{{ toJson .Values }}\n');
    this.chartDir = dir;
    return dir;
  }
}
