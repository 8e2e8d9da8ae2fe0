/** One pipeline variable. Secrets never reach a script's environment unless a step maps them with `env:`. */
export interface Variable {
  value: string;
  secret?: boolean;
}

/** Variables of one job as an agent holds them: names are case-insensitive, later definitions win. */
export class VariableSet {
  private readonly byName = new Map<string, { name: string } & Variable>();

  constructor(...layers: Array<Record<string, Variable> | VariableSet>) {
    for (const layer of layers) {
      const entries = layer instanceof VariableSet ? layer.entries() : Object.entries(layer);
      for (const [name, variable] of entries) this.set(name, variable);
    }
  }

  set(name: string, variable: Variable): void {
    this.byName.set(name.toLowerCase(), { name, ...variable });
  }

  get(name: string): Variable | undefined {
    return this.byName.get(name.toLowerCase());
  }

  entries(): Array<[string, Variable]> {
    return [...this.byName.values()].map(({ name, ...variable }) => [name, variable]);
  }

  /** `variables['x']` in conditions and `${{ variables.x }}`: plain name → value. */
  values(): Record<string, string> {
    return Object.fromEntries(this.entries().map(([name, v]) => [name, v.value]));
  }

  /**
   * The environment an agent gives a step: every non-secret variable, its name upper-cased with
   * `.` and spaces as `_`, its value macro-expanded.
   */
  environment(): Record<string, string> {
    const env: Record<string, string> = {};
    for (const [name, variable] of this.entries()) {
      if (!variable.secret) env[environmentName(name)] = this.expand(variable.value);
    }
    return env;
  }

  /**
   * `$(name)` macro substitution: a known variable's value (itself expanded, as Azure expands a
   * variable that refers to another); an unknown macro stays as written, as Azure leaves it.
   */
  expand(text: string, depth = 0): string {
    if (depth > 10) return text;
    return text.replace(/\$\(([A-Za-z0-9_.-]+)\)/g, (macro, name: string) => {
      const variable = this.get(name);
      return variable === undefined ? macro : this.expand(variable.value, depth + 1);
    });
  }
}

export function environmentName(variableName: string): string {
  return variableName.toUpperCase().replace(/[. ]/g, '_');
}
