import type { CelInput } from '@bufbuild/cel';
import { compileRule, evaluateMessage } from './cel-engine';

type Schema = Record<string, unknown>;
const isMap = (value: unknown): value is Schema => typeof value === 'object' && value !== null && !Array.isArray(value);

/** One `x-kubernetes-validations` entry. */
interface Validation {
  rule: string;
  message?: string;
  messageExpression?: string;
}

/** A rule at its place in a CRD schema (`/properties/spec/properties/http/items/...`). */
export interface PlacedRule extends Validation {
  schemaPath: string;
}

/** One rule that a value broke, with the message the API server would give. */
export interface CelFailure {
  path: string;
  rule: string;
  message: string;
}

const validationsOf = (schema: Schema) => (Array.isArray(schema['x-kubernetes-validations']) ? schema['x-kubernetes-validations'] : []) as Validation[];

/** Every rule of a schema, wherever it sits (properties, list items, map values). */
export function rulesIn(schema: unknown, schemaPath = ''): PlacedRule[] {
  if (!isMap(schema)) return [];
  const found: PlacedRule[] = validationsOf(schema).map((validation) => ({ ...validation, schemaPath: schemaPath || '/' }));
  for (const [name, sub] of Object.entries(isMap(schema.properties) ? schema.properties : {})) found.push(...rulesIn(sub, `${schemaPath}/properties/${name}`));
  found.push(...rulesIn(schema.items, `${schemaPath}/items`));
  found.push(...rulesIn(schema.additionalProperties, `${schemaPath}/additionalProperties`));
  return found;
}

/**
 * A value as the API server hands it to CEL, typed by its schema: `integer` (and an integral
 * int-or-string) is CEL's int (a bigint here), `number` a double, objects are maps whose fields
 * `has()` tests, and so on down. A field the schema does not describe is typed by its JSON value.
 */
export function asCelValue(value: unknown, schema: unknown): CelInput {
  const typed = isMap(schema) ? schema : {};
  if (typeof value === 'number') {
    const integral = typed.type === 'integer' || (typed.type !== 'number' && Number.isInteger(value));
    return integral ? BigInt(value) : value;
  }
  if (Array.isArray(value)) return value.map((item) => asCelValue(item, typed.items));
  if (isMap(value)) {
    const properties = isMap(typed.properties) ? typed.properties : {};
    return Object.fromEntries(Object.entries(value).map(([key, field]) => [key, asCelValue(field, properties[key] ?? typed.additionalProperties)]));
  }
  return value as CelInput;
}

/** What a check did: every evaluation, and every rule it reached but could not evaluate. */
export interface CelTally {
  evaluated: number;
  rulesReached: Set<string>;
  skipped: Map<string, number>;
}

export const emptyTally = (): CelTally => ({ evaluated: 0, rulesReached: new Set(), skipped: new Map() });

/**
 * Evaluates every rule at every place the value reaches in its schema, as the API server does on
 * create: a rule applies where its field is present (self is that field's value), once per list
 * item and map value under an `items` or `additionalProperties` rule.
 */
export function celFailures(value: unknown, schema: unknown, tally: CelTally = emptyTally(), path = ''): CelFailure[] {
  if (!isMap(schema) || value === undefined || value === null) return [];
  const failures: CelFailure[] = [];
  const validations = validationsOf(schema);
  const self = validations.length > 0 ? asCelValue(value, schema) : undefined;
  for (const validation of validations) {
    const compiled = compileRule(validation.rule);
    if (compiled.kind === 'skipped') {
      tally.skipped.set(compiled.reason, (tally.skipped.get(compiled.reason) ?? 0) + 1);
      continue;
    }
    tally.evaluated += 1;
    tally.rulesReached.add(validation.rule);
    const outcome = compiled.evaluate(self as CelInput);
    if (outcome.passed) continue;
    const fromExpression = validation.messageExpression ? evaluateMessage(validation.messageExpression, self as CelInput) : undefined;
    const message = fromExpression ?? validation.message ?? `failed rule: ${validation.rule}`;
    failures.push({ path: path || '/', rule: validation.rule, message: outcome.error ? `${message} (evaluation error: ${outcome.error})` : message });
  }
  if (Array.isArray(value)) {
    value.forEach((item, index) => failures.push(...celFailures(item, schema.items, tally, `${path}/${index}`)));
  } else if (isMap(value)) {
    const properties = isMap(schema.properties) ? schema.properties : {};
    for (const [key, field] of Object.entries(value)) {
      failures.push(...celFailures(field, properties[key] ?? schema.additionalProperties, tally, `${path}/${key}`));
    }
  }
  return failures;
}
