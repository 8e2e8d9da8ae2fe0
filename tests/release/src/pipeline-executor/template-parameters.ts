/** A `parameters:` entry of a pipeline or template. */
interface DeclaredParameter {
  name: string;
  type?: string;
  default?: unknown;
  values?: unknown[];
}

const LIST_TYPES = new Set(['steplist', 'joblist', 'stagelist', 'deploymentlist']);
const MAPPING_TYPES = new Set(['step', 'job', 'stage', 'deployment']);

function declarations(declared: unknown, label: string): DeclaredParameter[] {
  if (declared === undefined || declared === null) return [];
  if (Array.isArray(declared)) return declared as DeclaredParameter[];
  // The older mapping form `parameters: { name: default }` declares untyped parameters.
  if (typeof declared === 'object') return Object.entries(declared).map(([name, value]) => ({ name, type: 'object', default: value }));
  throw new Error(`${label}: parameters must be a list`);
}

/** A passed value as the declared type, as Azure checks it when it compiles the pipeline. */
function typed(parameter: DeclaredParameter, value: unknown, label: string): unknown {
  const type = (parameter.type ?? 'string').toLowerCase();
  const fail = () => new Error(`${label}: parameter ${parameter.name} of type ${type} cannot be ${JSON.stringify(value)}`);
  if (type === 'string') {
    if (value !== null && typeof value === 'object') throw fail();
    return value === null ? '' : String(value);
  }
  if (type === 'number') {
    const n = typeof value === 'string' && value.trim() === '' ? NaN : Number(value);
    if (typeof value === 'boolean' || Number.isNaN(n)) throw fail();
    return n;
  }
  if (type === 'boolean') {
    if (typeof value === 'boolean') return value;
    if (typeof value === 'string' && /^(true|false)$/i.test(value)) return value.toLowerCase() === 'true';
    throw fail();
  }
  if (LIST_TYPES.has(type)) {
    if (!Array.isArray(value)) throw fail();
    return value;
  }
  if (MAPPING_TYPES.has(type)) {
    if (value === null || typeof value !== 'object' || Array.isArray(value)) throw fail();
    return value;
  }
  if (type === 'object') return value;
  throw new Error(`${label}: parameter ${parameter.name} has unknown type ${type}`);
}

/**
 * The parameters a pipeline or template body sees: passed values (or a run's overrides) typed and
 * checked against `values`, defaults for the rest. Unknown and missing required parameters fail,
 * as they fail the compilation of a run in Azure.
 */
export function resolveParameters(declared: unknown, passed: Record<string, unknown>, label: string): Record<string, unknown> {
  const list = declarations(declared, label);
  const known = new Set(list.map((p) => p.name));
  const unknown = Object.keys(passed).filter((name) => !known.has(name));
  if (unknown.length > 0) throw new Error(`${label}: unexpected parameter ${unknown.join(', ')}`);
  const resolved: Record<string, unknown> = {};
  for (const parameter of list) {
    const raw = parameter.name in passed ? passed[parameter.name] : parameter.default;
    if (raw === undefined) throw new Error(`${label}: a value for the required parameter ${parameter.name} was not provided`);
    const value = typed(parameter, raw, label);
    if (parameter.values && !parameter.values.some((allowed) => String(allowed) === String(value))) {
      throw new Error(`${label}: parameter ${parameter.name} is ${JSON.stringify(value)}, not one of ${parameter.values.join(', ')}`);
    }
    resolved[parameter.name] = value;
  }
  return resolved;
}
