import { evaluateExpression, truthy } from './expression';
import { passed, type Result } from './run-records';

/** Dependency results as expressions read them (`dependencies.Build.result` is 'Succeeded', …). */
export function resultName(result: Result): string {
  return result[0].toUpperCase() + result.slice(1);
}

/**
 * A stage, job or step `condition:` (default succeeded()). The status functions look at the
 * dependencies' results for stages and jobs, and at the job so far for a step.
 */
export function conditionHolds(condition: string | undefined, dependencyResults: Result[], values: Record<string, unknown>): boolean {
  const functions = {
    succeeded: () => dependencyResults.every(passed),
    failed: () => dependencyResults.some((r) => r === 'failed'),
    succeededOrFailed: () => true,
    always: () => true,
    canceled: () => false,
  };
  return truthy(evaluateExpression(condition ?? 'succeeded()', { values, functions }));
}
