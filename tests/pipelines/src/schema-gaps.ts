import type { SchemaError } from './schema-errors';

/**
 * Known gaps of the official schema, each with its evidence: service-schema.json (v1.261.1) lost the
 * inputs of PublishCodeCoverageResults@2, which 1.249.0 lists and Microsoft's task reference still
 * documents; the task is only in its list of task names, so such a step matches none of its task
 * alternatives. An error is the gap's when it is at such a step or under its inputs and the 1.249.0
 * schema does not report it.
 */
const GAP_TASK = /^PublishCodeCoverageResults@2$/i;

/** The step that a JSON pointer is in (`/stages/0/jobs/1/steps/4/...` → that step), if any. */
function enclosingStep(document: unknown, pointer: string): { path: string; step: Record<string, unknown> } | undefined {
  const match = /^(.*\/steps\/\d+)(?:\/|$)/.exec(pointer);
  if (!match) return undefined;
  let node: unknown = document;
  for (const segment of match[1].split('/').slice(1)) {
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as Record<string, unknown>)[segment];
  }
  return node !== null && typeof node === 'object' ? { path: match[1], step: node as Record<string, unknown> } : undefined;
}

function isAtGapTask(document: unknown, error: SchemaError): boolean {
  const found = enclosingStep(document, error.path);
  if (!found || typeof found.step.task !== 'string' || !GAP_TASK.test(found.step.task)) return false;
  return error.path === found.path || error.path.startsWith(`${found.path}/inputs`);
}

/** Splits the newer schema's errors into real ones and the schema's own gap. */
export function separateSchemaGaps(document: unknown, newer: readonly SchemaError[], older: readonly SchemaError[]): { errors: SchemaError[]; gaps: SchemaError[] } {
  const reportedByOlder = (error: SchemaError) => older.some((other) => other.path === error.path && other.message === error.message);
  const gaps = newer.filter((error) => !reportedByOlder(error) && isAtGapTask(document, error));
  return { errors: newer.filter((error) => !gaps.includes(error)), gaps };
}
