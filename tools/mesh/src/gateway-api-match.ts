import { type HTTPRouteMatch, type HTTPValueMatch } from './gateway-api-objects';
import { type RequestFacts } from './request-facts';
import { type RouteMatch } from './route-matcher';
import { compileFullMatchRegex } from './string-matcher';

/** An HTTPRoute rule's match list when it gives none: every path (PathPrefix `/`). */
export const MATCH_ALL_PATHS: HTTPRouteMatch = { path: { type: 'PathPrefix', value: '/' } };

/** Where a match ranks among all matches for the same parent; see compareMatchPrecedence. */
export interface MatchPrecedence {
  exactPath: boolean;
  /** Characters of a PathPrefix value (0 for an exact path). */
  prefixLength: number;
  hasMethod: boolean;
  headers: number;
  queryParams: number;
}

/**
 * One `matches[]` entry with the Gateway API's semantics: its conditions are ANDed; PathPrefix
 * matches whole path elements (`/api` matches `/api`, `/api/` and `/api/x`, not `/apix`; a trailing
 * `/` in the value is ignored); Exact compares the path without its query; header names are
 * case-insensitive, query parameter names are not; RegularExpression values use RE2 (as Istio's
 * Envoy does) and must match the whole value.
 */
export function compileGatewayApiMatch(match: HTTPRouteMatch, where: string): { match: RouteMatch; precedence: MatchPrecedence } {
  if (match === null || typeof match !== 'object') throw new Error(`${where}: expected an object`);
  const unknown = Object.keys(match).filter((key) => !['path', 'headers', 'queryParams', 'method'].includes(key));
  if (unknown.length > 0) throw new Error(`${where}: unsupported match field(s) ${unknown.join(', ')}`);
  const path = match.path ?? MATCH_ALL_PATHS.path!;
  const pathType = path.type ?? 'PathPrefix';
  const pathValue = path.value ?? '/';
  if (pathType === 'RegularExpression') throw new Error(`${where}.path: RegularExpression paths rank by implementation-specific rules; the local mesh does not apply them`);
  if (pathType !== 'Exact' && pathType !== 'PathPrefix') throw new Error(`${where}.path.type: expected Exact or PathPrefix (got ${String(pathType)})`);
  if (!pathValue.startsWith('/')) throw new Error(`${where}.path.value: must start with / (got ${pathValue})`);

  const conditions: ((facts: RequestFacts) => boolean)[] = [pathCondition(pathType, pathValue)];
  if (match.method !== undefined) {
    const method = String(match.method).toUpperCase();
    conditions.push((facts) => facts.method === method);
  }
  for (const [index, header] of valueMatches(match.headers, `${where}.headers`).entries()) {
    const test = valueTest(header, `${where}.headers[${index}]`);
    const name = header.name.toLowerCase();
    conditions.push((facts) => test(facts.header(name)));
  }
  for (const [index, parameter] of valueMatches(match.queryParams, `${where}.queryParams`).entries()) {
    const test = valueTest(parameter, `${where}.queryParams[${index}]`);
    conditions.push((facts) => test(facts.queryParam(parameter.name)));
  }
  const matches = (facts: RequestFacts) => conditions.every((condition) => condition(facts));
  return {
    match: { firstMatching: (facts) => (matches(facts) ? 0 : -1), uriPrefixes: [undefined] },
    precedence: {
      exactPath: pathType === 'Exact',
      prefixLength: pathType === 'PathPrefix' ? trimTrailingSlash(pathValue).length : 0,
      hasMethod: match.method !== undefined,
      headers: match.headers?.length ?? 0,
      queryParams: match.queryParams?.length ?? 0,
    },
  };
}

/**
 * The Gateway API's order for matches of different rules and routes on one parent: an Exact path,
 * then the longest PathPrefix, then a method match, then the most header matches, then the most
 * query parameter matches. Negative when `a` goes first; 0 leaves the tie to the route and rule
 * order (compiled in http-route-compiler.ts).
 */
export function compareMatchPrecedence(a: MatchPrecedence, b: MatchPrecedence): number {
  return Number(b.exactPath) - Number(a.exactPath)
    || b.prefixLength - a.prefixLength
    || Number(b.hasMethod) - Number(a.hasMethod)
    || b.headers - a.headers
    || b.queryParams - a.queryParams;
}

function pathCondition(type: 'Exact' | 'PathPrefix', value: string): (facts: RequestFacts) => boolean {
  if (type === 'Exact') return (facts) => facts.path === value;
  const prefix = trimTrailingSlash(value);
  if (prefix === '') return () => true;
  return (facts) => facts.path === prefix || facts.path.startsWith(`${prefix}/`);
}

function trimTrailingSlash(value: string): string {
  return value.endsWith('/') ? value.slice(0, -1) : value;
}

function valueMatches(list: HTTPValueMatch[] | undefined, where: string): HTTPValueMatch[] {
  if (list === undefined) return [];
  if (!Array.isArray(list)) throw new Error(`${where}: expected a list`);
  for (const [index, entry] of list.entries()) {
    if (typeof entry?.name !== 'string' || entry.name === '' || typeof entry.value !== 'string') throw new Error(`${where}[${index}]: name and value are required`);
  }
  return list;
}

function valueTest(match: HTTPValueMatch, where: string): (value: string | undefined) => boolean {
  const type = match.type ?? 'Exact';
  if (type === 'Exact') return (value) => value === match.value;
  if (type === 'RegularExpression') {
    const regex = compileFullMatchRegex(match.value, `${where}.value`);
    return (value) => value !== undefined && regex.test(value);
  }
  throw new Error(`${where}.type: expected Exact or RegularExpression (got ${String(type)})`);
}
