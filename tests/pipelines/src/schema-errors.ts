import type { ErrorObject } from 'ajv';

/** One problem: where in the document (a JSON pointer, '' for the root) and what. */
export interface SchemaError {
  path: string;
  message: string;
}

type Schema = Record<string, unknown>;
/** A scope an error can be in: an alternative (`.../anyOf/3`) or a definition (`#/definitions/task`). */
const SCOPE = /^#\/definitions\/[^/]+(?=\/|$)|\/(?:anyOf|oneOf)\/\d+(?=\/|$)/g;
/** Keywords that decide which alternative a value is meant to be, rather than what is wrong with it. */
const DISCRIMINATING = new Set(['pattern', 'enum', 'const']);

/** The schema at an Ajv schemaPath (`#/definitions/task/anyOf/3`), if it resolves in the raw schema. */
function at(schema: Schema, schemaPath: string): Schema | undefined {
  let node: unknown = schema;
  for (const segment of schemaPath.replace(/^#\/?/, '').split('/').filter(Boolean)) {
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as Record<string, unknown>)[segment.replace(/~1/g, '/').replace(/~0/g, '~')];
  }
  return node !== null && typeof node === 'object' ? (node as Schema) : undefined;
}

/** Where an error's keyword is in the schema file (Ajv's own schemaPath restarts at every $ref). */
function schemaPathOf(error: ErrorObject, pointers: WeakMap<object, string>): string {
  const parent = error.parentSchema !== undefined && error.parentSchema !== null ? pointers.get(error.parentSchema) : undefined;
  return parent === undefined ? error.schemaPath : `${parent}/${error.keyword}`;
}

/** An alternative applied to one value: the same definition applies at many places. */
const branchKey = (instancePath: string, branch: string) => `${instancePath} ${branch}`;

/** The instance path and its ancestors, deepest first ('/a/b' → '/a/b', '/a', ''). */
function selfAndAncestors(instancePath: string): string[] {
  const segments = instancePath.split('/');
  return segments.map((_, index) => segments.slice(0, segments.length - index).join('/'));
}

interface OffTarget {
  reason: 'value' | 'shape';
  property?: string;
}

const lastSegment = (instancePath: string) => instancePath.slice(instancePath.lastIndexOf('/') + 1);
const parentOf = (instancePath: string) => instancePath.slice(0, instancePath.lastIndexOf('/'));

/**
 * Why the scope an error is in (an alternative, or a definition one refers to) is not what the value
 * means, or undefined when it may be:
 * - the value lacks every property the scope says comes first (the schema's `firstProperty`: a
 *   script step offered to the task definition);
 * - an alternative's own `type` or `required` fails (a step without `script` offered to the script
 *   alternative);
 * - an alternative that is one value (`enum`, `pattern`, `const`) does not match it (`Docker@2`
 *   offered to the alternative `PowerShell@2`), or its first property has another value.
 */
function offTarget(error: ErrorObject, path: string, schema: Schema): { key: string; why: OffTarget } | undefined {
  const last = [...path.matchAll(SCOPE)].at(-1);
  if (!last) return undefined;
  const scope = path.slice(0, last.index + last[0].length);
  const rest = path.slice(scope.length + 1);
  const scopeSchema = at(schema, scope);
  const firstProperty = Array.isArray(scopeSchema?.firstProperty) ? (scopeSchema.firstProperty as string[]) : [];
  const data = error.data;
  const onScope = !rest.includes('/');
  if (onScope && firstProperty.length > 0 && data !== null && typeof data === 'object' && !firstProperty.some((key) => key in data)) {
    return { key: branchKey(error.instancePath, scope), why: { reason: 'shape', property: firstProperty[0] } };
  }
  const isAlternative = last.index > 0;
  if (isAlternative) {
    if (rest === 'type' || rest === 'required') {
      return { key: branchKey(error.instancePath, scope), why: { reason: 'shape', property: error.params.missingProperty as string | undefined } };
    }
    if (DISCRIMINATING.has(rest)) return { key: branchKey(error.instancePath, scope), why: { reason: 'value', property: lastSegment(error.instancePath) } };
  }
  const discriminator = /^properties\/([^/]+)\/(\w+)$/.exec(rest);
  if (discriminator && DISCRIMINATING.has(discriminator[2]) && firstProperty.includes(discriminator[1])) {
    return { key: branchKey(parentOf(error.instancePath), scope), why: { reason: 'value', property: discriminator[1] } };
  }
  return undefined;
}

function describe(error: ErrorObject): string {
  const extra = error.params.additionalProperty ?? error.params.missingProperty;
  return extra === undefined || error.message?.includes(`'${String(extra)}'`) ? error.message ?? error.keyword : `${error.message}: ${String(extra)}`;
}

/**
 * Ajv's errors with the noise of anyOf/oneOf removed: the errors of alternatives that the value is
 * plainly not meant to match are dropped, so the errors of the alternative it is meant to match
 * remain. Where no alternative is left (an unknown task name, a step of no known kind), one line
 * says so at that place instead of hundreds. Never empty for a failed validation: with nothing
 * else left, Ajv's own errors are returned.
 */
export function usefulErrors(errors: readonly ErrorObject[], schema: Schema, pointers: WeakMap<object, string>): SchemaError[] {
  const located = errors.map((error) => ({ error, path: schemaPathOf(error, pointers) }));
  const dropped = new Map<string, OffTarget>();
  for (const { error, path } of located) {
    const found = offTarget(error, path, schema);
    if (found) dropped.set(found.key, found.why);
  }
  const inDropped = (instancePath: string, path: string) => [...path.matchAll(SCOPE)].some((match) => {
    const branch = path.slice(0, match.index + match[0].length);
    return selfAndAncestors(instancePath).some((owner) => dropped.has(branchKey(owner, branch)));
  });
  const alternatives = new Set(['anyOf', 'oneOf']);
  const result: SchemaError[] = located
    .filter(({ error, path }) => !alternatives.has(error.keyword) && !inDropped(error.instancePath, path))
    .map(({ error }) => ({ path: error.instancePath, message: describe(error) }));

  const covered = (path: string) => result.some((entry) => entry.path === path || entry.path.startsWith(`${path}/`));
  const summaries = located.filter(({ error }) => alternatives.has(error.keyword) && !covered(error.instancePath)).map(({ error, path }) => {
    const reasons = [...dropped.entries()].filter(([key]) => key.startsWith(branchKey(error.instancePath, `${path}/`))).map(([, why]) => why);
    const valued = reasons.filter((why) => why.reason === 'value');
    if (valued.length > 0) {
      return { path: error.instancePath, rank: 2, message: `is none of the ${valued.length} values that the alternatives at ${path} accept` };
    }
    const expected = [...new Set(reasons.map((why) => why.property).filter(Boolean))];
    const hint = expected.length > 0 ? ` (they need one of: ${expected.join(', ')})` : '';
    return { path: error.instancePath, rank: 1, message: `matches none of the alternatives at ${path}${hint}` };
  });
  // Only the deepest place that matched nothing, and there the most specific line.
  const deepest = summaries.filter((summary) => !summaries.some((other) => other.path.startsWith(`${summary.path}/`)));
  const bestRank = new Map<string, number>();
  for (const summary of deepest) bestRank.set(summary.path, Math.max(bestRank.get(summary.path) ?? 0, summary.rank));
  result.push(...deepest.filter((summary) => summary.rank === bestRank.get(summary.path)).map(({ path, message }) => ({ path, message })));
  const unique = result.filter((entry, index) => result.findIndex((other) => other.path === entry.path && other.message === entry.message) === index);
  return unique.length > 0 ? unique : errors.map((error) => ({ path: error.instancePath, message: describe(error) }));
}

/** `file: /json/path message`, one problem a line. */
export function formatErrors(file: string, errors: readonly SchemaError[]): string {
  return errors.map((error) => `${file}: ${error.path || '/'} ${error.message}`).join('\n');
}
