/** A dependency that could not be asked at all: refused, unknown host, or no answer in time. */
export class UnreachableError extends Error {
  constructor(
    readonly url: string,
    /** Why, in words: "connect ECONNREFUSED 127.0.0.1:8079", "no answer within 2500 ms". */
    readonly reason: string,
  ) {
    super(`${new URL(url).origin} is unreachable: ${reason}`);
  }
}

export interface JsonRequest {
  method?: string;
  /** Sent as JSON (with its content type). */
  body?: unknown;
  /** Sent as `Authorization: Bearer …`. */
  bearer?: string;
  /** The whole call, connection included. */
  timeoutMs: number;
}

export interface JsonAnswer<T> {
  status: number;
  ok: boolean;
  /** The parsed body; undefined when it is empty or not JSON (then `text` has it). */
  body: T | undefined;
  text: string;
}

/**
 * The one way the control plane's tools call each other over HTTP (the stack admin, the mesh admin,
 * Prometheus): JSON in, JSON out, a deadline on every call. Any answer is returned, for the caller
 * to judge; only a call that got none throws, as an UnreachableError that says why.
 */
export async function fetchJson<T>(url: string, request: JsonRequest): Promise<JsonAnswer<T>> {
  const headers: Record<string, string> = {};
  if (request.body !== undefined) headers['content-type'] = 'application/json';
  if (request.bearer !== undefined) headers.authorization = `Bearer ${request.bearer}`;
  let res: Response;
  try {
    res = await fetch(url, {
      method: request.method ?? 'GET',
      headers,
      body: request.body === undefined ? undefined : JSON.stringify(request.body),
      signal: AbortSignal.timeout(request.timeoutMs),
    });
  } catch (error) {
    const failure = error as Error;
    const reason = failure.name === 'TimeoutError' ? `no answer within ${request.timeoutMs} ms` : ((failure.cause as Error | undefined)?.message ?? failure.message);
    throw new UnreachableError(url, reason);
  }
  const text = await res.text();
  let body: T | undefined;
  try {
    body = text ? (JSON.parse(text) as T) : undefined;
  } catch {
    body = undefined;
  }
  return { status: res.status, ok: res.ok, body, text };
}
