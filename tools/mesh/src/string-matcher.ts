import { type StringMatch } from './istio-objects';

/** Tests one request attribute; `undefined` means the attribute is absent. */
export type StringPredicate = (value: string | undefined) => boolean;

const RE2_UNSUPPORTED: Array<[RegExp, string]> = [
  [/\(\?<?[=!]/, 'lookaround assertions'],
  [/\\[1-9]|\\k</, 'backreferences'],
];

/**
 * Compiles an Istio regex with Envoy's semantics: RE2 syntax, and the pattern must match the
 * whole value (Envoy's `safe_regex` is a full match, so `/api` does not match `/api/users`).
 * Constructs RE2 rejects (lookaround, backreferences) are rejected here too, so a pattern that
 * works locally also passes Istio's validation. RE2's `(?P<name>…)` and a leading `(?i)` are
 * translated to their JavaScript forms.
 */
export function compileFullMatchRegex(pattern: string, where: string): RegExp {
  for (const [construct, what] of RE2_UNSUPPORTED) {
    if (construct.test(pattern)) throw new Error(`${where}: regex "${pattern}" uses ${what}, which RE2 (Envoy) does not support`);
  }
  let source = pattern.replace(/\(\?P</g, '(?<');
  let flags = '';
  if (source.startsWith('(?i)')) {
    source = source.slice(4);
    flags = 'i';
  }
  try {
    return new RegExp(`^(?:${source})$`, flags);
  } catch (error) {
    throw new Error(`${where}: regex "${pattern}" is invalid: ${(error as Error).message}`);
  }
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
