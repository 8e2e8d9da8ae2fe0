import { RE2JS } from 're2js';
import { type StringMatch } from './istio-objects';

/** Tests one request attribute; `undefined` means the attribute is absent. */
export type StringPredicate = (value: string | undefined) => boolean;

/** A compiled Istio regex: true when the whole value matches. */
export interface FullMatchRegex {
  test(value: string): boolean;
}

/**
 * Compiles an Istio regex with Envoy's semantics: the RE2 engine itself (re2js, a pure-JavaScript
 * port of Go's RE2), and the pattern must match the whole value (Envoy's `safe_regex` is a full
 * match, so `/api` does not match `/api/users`). What RE2 accepts routes as it does in Envoy,
 * POSIX classes, `\Q…\E`, `\z` and inline flags included; what it refuses (lookaround,
 * backreferences) is refused here with RE2's own error, as Istio's validation would.
 */
export function compileFullMatchRegex(pattern: string, where: string): FullMatchRegex {
  let compiled: RE2JS;
  try {
    compiled = RE2JS.compile(pattern);
  } catch (error) {
    throw new Error(`${where}: regex "${pattern}" is not valid RE2 (Envoy): ${(error as Error).message}`);
  }
  return { test: (value) => compiled.matcher(value).matches() };
}

/**
 * Turns an Istio StringMatch into a predicate. An empty match (`{}`) only requires the attribute
 * to be present, as Istio does for header and query parameter matches. `ignoreCase` applies to
 * exact and prefix matches only, like Envoy's `ignore_case` for `ignoreUriCase`.
 */
export function compileStringMatch(match: StringMatch, where: string, options: { ignoreCase?: boolean } = {}): StringPredicate {
  if (match === null || typeof match !== 'object') throw new Error(`${where}: expected an object with exact, prefix or regex`);
  const kinds = (['exact', 'prefix', 'regex'] as const).filter((kind) => match[kind] !== undefined);
  if (kinds.length > 1) throw new Error(`${where}: use only one of exact, prefix and regex (found ${kinds.join(', ')})`);
  const unknown = Object.keys(match).filter((key) => !['exact', 'prefix', 'regex'].includes(key));
  if (unknown.length > 0) throw new Error(`${where}: unsupported string match field(s) ${unknown.join(', ')}`);
  for (const kind of kinds) {
    if (typeof match[kind] !== 'string') throw new Error(`${where}.${kind}: expected a string`);
  }

  if (match.exact !== undefined) {
    const expected = options.ignoreCase ? match.exact.toLowerCase() : match.exact;
    return options.ignoreCase
      ? (value) => value !== undefined && value.toLowerCase() === expected
      : (value) => value === expected;
  }
  if (match.prefix !== undefined) {
    const expected = options.ignoreCase ? match.prefix.toLowerCase() : match.prefix;
    return options.ignoreCase
      ? (value) => value !== undefined && value.toLowerCase().startsWith(expected)
      : (value) => value !== undefined && value.startsWith(expected);
  }
  if (match.regex !== undefined) {
    const regex = compileFullMatchRegex(match.regex, `${where}.regex`);
    return (value) => value !== undefined && regex.test(value);
  }
  return (value) => value !== undefined;
}
