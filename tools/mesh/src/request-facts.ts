import { type IncomingHttpHeaders } from 'node:http';

/** What a listener tells the router about where a request came in. */
export interface ListenerContext {
  /** The listener's port, for `match.port`. */
  port: number;
  /** `mesh` for a sidecar listener, else the qualified `namespace/name` of the ingress gateway. */
  gateway: string;
  /** Labels of the calling workload, when the listener represents one (for `match.sourceLabels`). */
  sourceLabels?: Record<string, string>;
  sourceNamespace?: string;
}

/**
 * The attributes of one request that VirtualService matches read. Query parameters are parsed
 * only when a rule asks for them, because most requests are routed on path and headers alone.
 */
export class RequestFacts {
  private parsedQuery: URLSearchParams | undefined;

  constructor(
    /** The path without the query string: Envoy matches `exact` and `regex` URIs against it. */
    readonly path: string,
    /** The query string without its leading `?` (empty when there is none). */
    readonly rawQuery: string,
    readonly method: string,
    readonly authority: string,
    readonly headers: IncomingHttpHeaders,
    readonly listener: ListenerContext,
  ) {}

  static fromUrl(url: string, method: string, authority: string, headers: IncomingHttpHeaders, listener: ListenerContext): RequestFacts {
    const queryStart = url.indexOf('?');
    return queryStart === -1
      ? new RequestFacts(url, '', method, authority, headers, listener)
      : new RequestFacts(url.slice(0, queryStart), url.slice(queryStart + 1), method, authority, headers, listener);
  }

  /** A header's value; repeated headers are compared as one comma-joined value, as Envoy does. */
  header(name: string): string | undefined {
    const value = this.headers[name];
    return Array.isArray(value) ? value.join(',') : value;
  }

  /** The first value of a query parameter. */
  queryParam(name: string): string | undefined {
    this.parsedQuery ??= new URLSearchParams(this.rawQuery);
    return this.parsedQuery.get(name) ?? undefined;
  }
}
