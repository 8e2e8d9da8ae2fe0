import { type ChartPackage } from './chart-package';

type Json = Record<string, unknown>;
const isMap = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * Istio's charts keep their defaults under `_internal_defaults_do_not_set` (a helm workaround their
 * values.yaml explains) and merge them with what the user sets at the top level.
 */
function chartDefaults(chart: ChartPackage): Json {
  const { _internal_defaults_do_not_set: wrapped, ...rest } = chart.defaults;
  return isMap(wrapped) ? { ...wrapped, ...rest } : rest;
}

function resolveRef(schema: Json, root: Json): Json {
  const ref = schema.$ref;
  if (typeof ref !== 'string' || !ref.startsWith('#/')) return schema;
  const target = ref.slice(2).split('/').reduce<unknown>((node, segment) => (isMap(node) ? node[segment] : undefined), root);
  return isMap(target) ? resolveRef(target, root) : schema;
}

/** `open`: the schema accepts any key here; undefined: it says nothing about the key. */
function schemaFor(schema: Json | 'open' | undefined, key: string, root: Json): Json | 'open' | undefined {
  if (!isMap(schema)) return schema;
  const node = resolveRef(schema, root);
  const properties = node.properties;
  if (isMap(properties) && isMap(properties[key])) return properties[key] as Json;
  const patterns = node.patternProperties;
  if (isMap(patterns)) {
    const match = Object.entries(patterns).find(([pattern]) => new RegExp(pattern).test(key));
    if (match && isMap(match[1])) return match[1];
  }
  if (isMap(node.additionalProperties)) return node.additionalProperties;
  if (node.additionalProperties === true) return 'open';
  return undefined;
}

/** A schema that declares an object and none of its keys: the chart says any key goes. */
function isOpenObject(schema: Json | 'open' | undefined, root: Json): boolean {
  if (schema === 'open') return true;
  if (!isMap(schema)) return false;
  const node = resolveRef(schema, root);
  const types = ([] as unknown[]).concat(node.type);
  return types.includes('object') && !isMap(node.properties) && node.additionalProperties !== false && !isMap(node.patternProperties);
}

/** Kubernetes' ResourceRequirements: charts default `resources` to `{}` and pass it to the container. */
const RESOURCE_REQUIREMENTS = ['requests', 'limits', 'claims'];

/** Keys a chart's templates read (`.Values.a.b`) but its values.yaml only mentions in a comment. */
const readByTemplates = (chart: ChartPackage, dotted: string) =>
  new RegExp(`\\.Values\\.${dotted.replace(/\./g, '\\.')}\\b`).test(chart.templates);

/**
 * The dotted paths of the keys in `values` that the chart does not know: neither its default
 * values.yaml nor its values.schema.json has them, and no template of the chart reads them. Helm ignores such keys silently, so a typo there
 * changes nothing and says nothing. Below a path in `freeForm` nothing is checked; every such path
 * must be one the chart documents as a free-form map (the caller says why).
 */
export function unknownValueKeys(values: Json, chart: ChartPackage, freeForm: readonly string[]): string[] {
  const root = chart.schema ?? {};
  const unknown: string[] = [];
  const walk = (node: Json, path: string[], defaults: unknown, schema: Json | 'open' | undefined) => {
    for (const [key, value] of Object.entries(node)) {
      const dotted = [...path, key].join('.');
      const hasDefault = isMap(defaults) && key in defaults;
      const childDefaults = isMap(defaults) ? defaults[key] : undefined;
      const childSchema = schemaFor(schema, key, root);
      if (!hasDefault && childSchema === undefined && !readByTemplates(chart, dotted)) {
        unknown.push(dotted);
        continue;
      }
      if (freeForm.includes(dotted) || !isMap(value)) continue;
      if (key === 'resources' && isMap(childDefaults) && Object.keys(childDefaults).length === 0) {
        unknown.push(...Object.keys(value).filter((field) => !RESOURCE_REQUIREMENTS.includes(field)).map((field) => `${dotted}.${field}`));
        continue;
      }
      if (isMap(childDefaults) && Object.keys(childDefaults).length > 0) walk(value, [...path, key], childDefaults, childSchema);
      else if (isMap(childSchema) && !isOpenObject(childSchema, root)) walk(value, [...path, key], {}, childSchema);
      else if (!isOpenObject(childSchema, root)) unknown.push(`${dotted}.* (the chart's default is not a map with keys, and no schema describes it)`);
    }
  };
  walk(values, [], chartDefaults(chart), chart.schema);
  return unknown;
}
