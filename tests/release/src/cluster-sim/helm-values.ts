import fs from 'node:fs';
import path from 'node:path';
import type { CommandLine } from './command-line';
import { hashOf } from './content-hash';
import type { RealHelm } from './real-helm';

export type Values = Record<string, unknown>;

/** Helm's value flags, in the order helm itself layers them (files, then each --set kind). */
const VALUE_FLAGS = ['values', 'set-json', 'set', 'set-string', 'set-file', 'set-literal'] as const;

export const VALUE_FLAG_NAMES: readonly string[] = VALUE_FLAGS;

/** The value flags of a command line, as arguments to hand to another helm command. */
export const valueFlagArgs = (line: CommandLine): string[] =>
  VALUE_FLAGS.flatMap((flag) => (line.values.get(flag) ?? []).flatMap((value) => [`--${flag}`, value]));

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
  /** Shared by every simulator in the process: the answer depends only on the flags and the base. */
  private static readonly cache = new Map<string, Values>();
  private readonly cache = ValueMerger.cache;

  constructor(private readonly helm: RealHelm) {}

  async merge(flagArgs: readonly string[], cwd: string, base?: Values): Promise<{ values: Values } | { error: string }> {
    // Nothing to type: the values are the base as it is (a rollout step that only re-applies).
    if (flagArgs.length === 0) return { values: base ?? {} };
    // Flags that read files depend on more than their text: only pure --set flags are cached.
    const cacheable = !flagArgs.some((arg) => arg === '--values' || arg === '--set-file');
    const key = hashOf(JSON.stringify(flagArgs), JSON.stringify(base ?? null));
    const cached = cacheable ? this.cache.get(key) : undefined;
    if (cached) return { values: cached };
    const baseArgs = base ? ['--values', this.helm.writeScratch('base-values.json', JSON.stringify(base))] : [];
    const result = await this.helm.run(['template', 'values', this.probeChart(), ...baseArgs, ...flagArgs], cwd);
    if (result.code !== 0) return { error: result.stderr.replace(/^Error: /, '').trim() };
    const json = result.stdout.split('\n').find((line) => line.startsWith('{'));
    const values = json ? (JSON.parse(json) as Values) : {};
    if (cacheable) this.cache.set(key, values);
    return { values };
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
