import { type IncomingHttpHeaders, type IncomingMessage } from 'node:http';
import { type HttpRouteRule } from './http-route-rule';
import { type RequestFacts } from './request-facts';
import { type RouteDestination } from './route-destination';

/** What the mesh sends to a workload: the client's request after routing changed it. */
export interface UpstreamRequest {
  method: string;
  /** Path and query, possibly rewritten. */
  path: string;
  /** Includes `host` (the authority), which undici sends as the Host header. */
  headers: IncomingHttpHeaders;
  body: Buffer | null;
}

/**
 * Removes connection-scoped (hop-by-hop) headers, which a proxy must not forward (RFC 9110
 * §7.6.1), including any the `connection` header names. Written out by hand because it runs
 * twice per request.
 */
export function stripHopByHop(headers: Record<string, unknown>): void {
  const connection = headers.connection;
  if (connection !== undefined) {
    if (typeof connection === 'string' && connection !== 'keep-alive' && connection !== 'close') {
      for (const name of connection.split(',')) delete headers[name.trim().toLowerCase()];
    }
    delete headers.connection;
  }
  if (headers['keep-alive'] !== undefined) delete headers['keep-alive'];
  if (headers['transfer-encoding'] !== undefined) delete headers['transfer-encoding'];
  if (headers['proxy-connection'] !== undefined) delete headers['proxy-connection'];
  if (headers.te !== undefined) delete headers.te;
  if (headers.trailer !== undefined) delete headers.trailer;
  if (headers.upgrade !== undefined) delete headers.upgrade;
}

/**
 * The request as the workload receives it: hop-by-hop headers dropped, the rule's and then the
 * destination's header operations applied, and `rewrite` applied (a prefix match has its
 * matched prefix replaced; any other match has the whole path replaced; the query is kept).
 * `matchIndex` is the match entry that selected the rule.
 */
export function buildUpstreamRequest(
  request: IncomingMessage,
  facts: RequestFacts,
  rule: HttpRouteRule,
  matchIndex: number,
  destination: RouteDestination,
  body: Buffer | null,
): UpstreamRequest {
  const headers = request.headers;
  stripHopByHop(headers);
  // The body is already buffered, so there is nothing left to continue.
  delete headers.expect;
  headers['x-forwarded-proto'] ??= 'http';
  rule.requestHeaders.applyTo(headers);
  destination.requestHeaders.applyTo(headers);
  let path = request.url ?? '/';
  if (rule.rewrite) {
    if (rule.rewrite.authority !== undefined) headers.host = rule.rewrite.authority;
    if (rule.rewrite.uri !== undefined) {
      const prefix = rule.match.uriPrefixes[matchIndex];
      const rewritten = prefix !== undefined && facts.path.startsWith(prefix) ? rule.rewrite.uri + facts.path.slice(prefix.length) : rule.rewrite.uri;
      path = (rewritten === '' ? '/' : rewritten) + (facts.rawQuery === '' ? '' : `?${facts.rawQuery}`);
    }
  }
  return { method: request.method ?? 'GET', path, headers, body };
}
