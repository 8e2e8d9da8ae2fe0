import { qualifyGateway } from './gateway-names';
import { type HTTPMatchRequest, type StringMatch } from './istio-objects';
import { type RequestFacts } from './request-facts';
import { compileStringMatch, type StringPredicate } from './string-matcher';

export type RequestPredicate = (facts: RequestFacts) => boolean;

/** A compiled `http[].match` list. */
export interface RouteMatch {
  /** The index of the first match entry the request satisfies (0 for a rule without entries), or -1. */
  firstMatching(facts: RequestFacts): number;
  /** Each entry's `uri.prefix`, which `rewrite.uri` replaces; undefined for other URI matches. */
  readonly uriPrefixes: ReadonlyArray<string | undefined>;
}

const SUPPORTED_FIELDS = new Set([
  'name', 'uri', 'scheme', 'method', 'authority', 'headers', 'withoutHeaders', 'queryParams', 'ignoreUriCase', 'port', 'gateways',
  'sourceLabels', 'sourceNamespace', 'statPrefix',
]);

const ALWAYS: RequestPredicate = () => true;
const MATCH_EVERYTHING: RouteMatch = { firstMatching: () => 0, uriPrefixes: [undefined] };

/**
 * Compiles an `http[].match` list with Istio's semantics: the entries are ORed, and the
 * conditions inside one entry are ANDed. A rule without `match` matches every request.
 */
export function compileMatchRequests(matches: HTTPMatchRequest[] | undefined, where: string, namespace: string): RouteMatch {
  if (matches === undefined || matches === null) return MATCH_EVERYTHING;
  if (!Array.isArray(matches)) throw new Error(`${where}: expected a list`);
  if (matches.length === 0) return MATCH_EVERYTHING;
  const entries = matches.map((match, index) => compileMatchRequest(match, `${where}[${index}]`, namespace));
  const uriPrefixes = matches.map((match) => match?.uri?.prefix);
  if (entries.length === 1) {
    const only = entries[0];
    return { firstMatching: (facts) => (only(facts) ? 0 : -1), uriPrefixes };
  }
  return {
    firstMatching: (facts) => {
      for (let index = 0; index < entries.length; index++) if (entries[index](facts)) return index;
      return -1;
    },
    uriPrefixes,
  };
}

function compileMatchRequest(match: HTTPMatchRequest, where: string, namespace: string): RequestPredicate {
  if (match === null || typeof match !== 'object') throw new Error(`${where}: expected an object`);
  const unknown = Object.keys(match).filter((key) => !SUPPORTED_FIELDS.has(key));
  if (unknown.length > 0) throw new Error(`${where}: unsupported match field(s) ${unknown.join(', ')}`);

  const conditions: RequestPredicate[] = [];
  if (match.uri !== undefined) {
    const uri = compileStringMatch(match.uri, `${where}.uri`, { ignoreCase: match.ignoreUriCase === true });
    conditions.push((facts) => uri(facts.path));
  }
  if (match.method !== undefined) {
    const method = compileStringMatch(match.method, `${where}.method`);
    conditions.push((facts) => method(facts.method));
  }
  if (match.scheme !== undefined) {
    // Listeners are plain HTTP; TLS ends before the mesh, as it would at a gateway.
    const scheme = compileStringMatch(match.scheme, `${where}.scheme`);
    conditions.push(() => scheme('http'));
  }
  if (match.authority !== undefined) {
    const authority = compileStringMatch(match.authority, `${where}.authority`);
    conditions.push((facts) => authority(facts.authority));
  }
  for (const [name, predicate] of compileNamed(match.headers, `${where}.headers`)) {
    conditions.push((facts) => predicate(facts.header(name)));
  }
  for (const [name, predicate] of compileNamed(match.withoutHeaders, `${where}.withoutHeaders`)) {
    conditions.push((facts) => !predicate(facts.header(name)));
  }
  for (const [name, predicate] of compileNamed(match.queryParams, `${where}.queryParams`, { caseSensitiveNames: true, forbidPrefix: true })) {
    conditions.push((facts) => predicate(facts.queryParam(name)));
  }
  if (match.port !== undefined) {
    const port = match.port;
    conditions.push((facts) => facts.listener.port === port);
  }
  if (match.gateways !== undefined) {
    const gateways = new Set(match.gateways.map((gateway) => qualifyGateway(gateway, namespace)));
    conditions.push((facts) => gateways.has(facts.listener.gateway));
  }
  if (match.sourceLabels !== undefined) {
    // The mesh only knows the caller when a listener is configured with a `source` workload.
    const required = Object.entries(match.sourceLabels);
    conditions.push((facts) => {
      const labels = facts.listener.sourceLabels;
      return labels !== undefined && required.every(([key, value]) => labels[key] === value);
    });
  }
  if (match.sourceNamespace !== undefined) {
    const sourceNamespace = match.sourceNamespace;
    conditions.push((facts) => facts.listener.sourceNamespace === sourceNamespace);
  }

  if (conditions.length === 0) return ALWAYS;
  if (conditions.length === 1) return conditions[0];
  return (facts) => {
    for (const condition of conditions) if (!condition(facts)) return false;
    return true;
  };
}

function compileNamed(
  matches: Record<string, StringMatch> | undefined,
  where: string,
  options: { caseSensitiveNames?: boolean; forbidPrefix?: boolean } = {},
): Array<[string, StringPredicate]> {
  if (matches === undefined || matches === null) return [];
  if (typeof matches !== 'object' || Array.isArray(matches)) throw new Error(`${where}: expected a map of name to match`);
  return Object.entries(matches).map(([name, match]) => {
    if (options.forbidPrefix && match?.prefix !== undefined) {
      throw new Error(`${where}.${name}: Istio does not support prefix matches on query parameters (use exact or regex)`);
    }
    // HTTP header names are case-insensitive and Node lower-cases them; query names are not.
    const key = options.caseSensitiveNames ? name : name.toLowerCase();
    return [key, compileStringMatch(match ?? {}, `${where}.${name}`)];
  });
}
