import { type CelInput, type CelValue, celEnv, isCelError, parse, plan } from '@bufbuild/cel';
import { strings } from '@bufbuild/cel/ext';

/**
 * CEL as the Kubernetes API server runs the `x-kubernetes-validations` rules of a CRD, as far as an
 * offline engine can: @bufbuild/cel (CEL's standard library, macros, RE2 `matches`, durations) with
 * the strings extension (`substring` and friends), which Kubernetes also enables.
 *
 * Kubernetes adds libraries of its own (URLs, IPs, quantities, ...). A rule that calls one of their
 * functions cannot be evaluated here and is reported as skipped with the function's name, never
 * passed silently. So is a transition rule: `oldSelf` is the object before an update, and a check of
 * what the charts render has no previous object.
 */
const env = celEnv({ funcs: strings });

/** Calls the planner evaluates itself (logic and indexing), so the function table does not list them. */
const BUILT_INTO_PLANNER = new Set(['_&&_', '_||_', '_?_:_', '@not_strictly_false', '_[_]']);

export type CompiledRule =
  | { kind: 'evaluable'; evaluate: (self: CelInput) => { passed: boolean; error?: string } }
  | { kind: 'skipped'; reason: string };

/** Function names called, and identifiers read, anywhere in a parsed expression. */
function namesIn(node: unknown, calls = new Set<string>(), identifiers = new Set<string>()): { calls: Set<string>; identifiers: Set<string> } {
  if (Array.isArray(node)) {
    for (const item of node) namesIn(item, calls, identifiers);
  } else if (node !== null && typeof node === 'object') {
    const { case: kind, value } = node as { case?: string; value?: { function?: string; name?: string } };
    if (kind === 'callExpr' && value?.function) calls.add(value.function);
    if (kind === 'identExpr' && value?.name) identifiers.add(value.name);
    for (const child of Object.values(node)) namesIn(child, calls, identifiers);
  }
  return { calls, identifiers };
}

export const TRANSITION_RULE = 'transition rule: reads oldSelf, the object before an update';

/** The reason a rule cannot be evaluated here, or undefined when it can. */
export function whyNotEvaluable(rule: string): string | undefined {
  const { calls, identifiers } = namesIn(parse(rule).expr);
  if (identifiers.has('oldSelf')) return TRANSITION_RULE;
  const missing = [...calls].filter((name) => !BUILT_INTO_PLANNER.has(name) && !env.funcs.find(name)).sort();
  if (missing.length > 0) return `calls ${missing.map((name) => `${name}()`).join(', ')} from Kubernetes' own CEL libraries, which @bufbuild/cel does not have`;
  return undefined;
}

const cache = new Map<string, CompiledRule>();

/**
 * A rule parsed and planned once, however many schema places and objects use it. Evaluating gives
 * passed: true only for the boolean true; false, or an error (the API server rejects the object when
 * a rule fails to evaluate), fails it.
 */
export function compileRule(rule: string): CompiledRule {
  let compiled = cache.get(rule);
  if (compiled) return compiled;
  const reason = whyNotEvaluable(rule);
  if (reason) {
    compiled = { kind: 'skipped', reason };
  } else {
    const run = plan(env, parse(rule));
    compiled = {
      kind: 'evaluable',
      evaluate: (self) => {
        const result: CelValue | ReturnType<typeof run> = run({ self });
        if (isCelError(result)) return { passed: false, error: result.message };
        return { passed: result === true };
      },
    };
  }
  cache.set(rule, compiled);
  return compiled;
}

/** A messageExpression's text for a failing value (Kubernetes falls back to `message` if it fails). */
export function evaluateMessage(expression: string, self: CelInput): string | undefined {
  const result = plan(env, parse(expression))({ self });
  return typeof result === 'string' ? result : undefined;
}
