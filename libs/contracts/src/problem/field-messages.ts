/**
 * Zod error messages written for API clients: a missing field says "is required" instead of
 * zod's "Invalid input: expected string, received undefined".
 */
export function requiredOr(expected: string) {
  return (issue: { input?: unknown }) => (issue.input === undefined ? 'is required' : expected);
}
