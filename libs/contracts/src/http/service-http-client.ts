import { context, propagation, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import type { Pool } from 'undici';
import type { z } from 'zod';
import { ProblemDetailsSchema, ProblemTypes, PROBLEM_CONTENT_TYPE } from '../problem/problem-details';
import { ProblemError } from '../problem/problem-error';

export interface ServiceHttpClientOptions {
  /** Logical name of the called service, used in error messages and span names. */
  service: string;
  /** Where to send requests: the service itself, or the mesh listener in front of it. */
  baseUrl: string;
  /** Upper bound for one call, connection included. A dependency that hangs becomes a 503, never a hang. */
  timeoutMs?: number;
  /** Request-scoped headers to forward, such as `x-request-id` of the inbound request. */
  contextHeaders?: () => Record<string, string | undefined>;
}

export interface ServiceRequest<T> {
  method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
  path: string;
  query?: Record<string, string | number | undefined>;
  body?: unknown;
  headers?: Record<string, string | undefined>;
  /** Validates the success body, so a contract drift fails loudly at the edge. */
  schema?: z.ZodType<T>;
}

export interface ServiceResponse<T> {
  status: number;
  body: T;
  headers: Record<string, string>;
}

const tracer = trace.getTracer('@courier/contracts');

/**
 * The one HTTP client every Courier service uses to call another. It keeps a pooled
 * keep-alive connection, bounds every call by a deadline, propagates W3C trace context
 * and the request id, and maps failures onto problem details:
 * - the callee answered 4xx → a ProblemError with the callee's problem (callers decide whether to pass it on);
 * - the callee is unreachable, too slow, or answered 5xx → 503 `dependency-unavailable`.
 */
export class ServiceHttpClient {
  private poolPromise?: Promise<Pool>;
  private readonly origin: string;
  private readonly timeoutMs: number;

  constructor(private readonly options: ServiceHttpClientOptions) {
    this.origin = new URL(options.baseUrl).origin;
    this.timeoutMs = options.timeoutMs ?? 2000;
  }

  /**
   * undici (about 20 MiB of resident memory and 60 ms of start-up) is loaded on the first call, not
   * at import: every service imports the contracts, and users never calls anyone.
   */
  private pool(): Promise<Pool> {
    this.poolPromise ??= import('undici').then(
      ({ Pool: UndiciPool }) =>
        new UndiciPool(this.origin, { connections: 128, connectTimeout: this.timeoutMs, headersTimeout: this.timeoutMs, bodyTimeout: this.timeoutMs }),
    );
    return this.poolPromise;
  }

  async request<T>(req: ServiceRequest<T>): Promise<ServiceResponse<T>> {
    const spanName = `${req.method} ${this.options.service}`;
    return tracer.startActiveSpan(spanName, { kind: SpanKind.CLIENT }, async (span) => {
      try {
        const response = await this.send(req);
        span.setAttribute('http.response.status_code', response.status);
        return response;
      } catch (error) {
        span.setStatus({ code: SpanStatusCode.ERROR, message: (error as Error).message });
        throw error;
      } finally {
        span.end();
      }
    });
  }

  async close(): Promise<void> {
    await (await this.poolPromise)?.close();
  }

  private async send<T>(req: ServiceRequest<T>): Promise<ServiceResponse<T>> {
    const headers = this.outboundHeaders(req);
    let status: number;
    let text: string;
    let responseHeaders: Record<string, string>;
    try {
      const res = await (await this.pool()).request({
        method: req.method,
        path: this.pathWithQuery(req),
        headers,
        body: req.body === undefined ? undefined : JSON.stringify(req.body),
        signal: AbortSignal.timeout(this.timeoutMs),
      });
      status = res.statusCode;
      responseHeaders = flattenHeaders(res.headers);
      text = await res.body.text();
    } catch (error) {
      throw ProblemError.dependencyUnavailable(this.options.service, describeNetworkError(error, this.timeoutMs));
    }

    const body = parseJson(text);
    if (status >= 500) {
      // A callee that is itself missing a dependency says which; keep that root cause visible.
      const problem = ProblemDetailsSchema.safeParse(body);
      if (status === 503 && problem.success && problem.data.type === ProblemTypes.dependencyUnavailable) throw new ProblemError(problem.data);
      throw ProblemError.dependencyUnavailable(this.options.service, `answered ${status}`);
    }
    if (status >= 400) {
      const problem = ProblemDetailsSchema.safeParse(body);
      throw new ProblemError(
        problem.success ? { ...problem.data, status } : { title: 'Upstream error', status, detail: `${this.options.service} answered ${status}` },
      );
    }
    if (!req.schema) return { status, body: body as T, headers: responseHeaders };
    const parsed = req.schema.safeParse(body);
    if (!parsed.success) {
      throw ProblemError.dependencyUnavailable(this.options.service, `answered a body that breaks the contract: ${parsed.error.message}`);
    }
    return { status, body: parsed.data, headers: responseHeaders };
  }

  private outboundHeaders(req: ServiceRequest<unknown>): Record<string, string> {
    const headers: Record<string, string> = { accept: `application/json, ${PROBLEM_CONTENT_TYPE}` };
    if (req.body !== undefined) headers['content-type'] = 'application/json';
    for (const source of [this.options.contextHeaders?.() ?? {}, req.headers ?? {}]) {
      for (const [name, value] of Object.entries(source)) {
        if (value !== undefined) headers[name.toLowerCase()] = value;
      }
    }
    propagation.inject(context.active(), headers);
    return headers;
  }

  private pathWithQuery(req: ServiceRequest<unknown>): string {
    const params = new URLSearchParams();
    for (const [key, value] of Object.entries(req.query ?? {})) {
      if (value !== undefined) params.set(key, String(value));
    }
    const qs = params.toString();
    return qs ? `${req.path}?${qs}` : req.path;
  }
}

function parseJson(text: string): unknown {
  if (text.length === 0) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

function flattenHeaders(headers: Record<string, string | string[] | undefined>): Record<string, string> {
  const flat: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value !== undefined) flat[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  return flat;
}

function describeNetworkError(error: unknown, timeoutMs: number): string {
  const err = error as { name?: string; code?: string; message?: string };
  if (err.name === 'TimeoutError' || err.name === 'AbortError' || err.code === 'UND_ERR_HEADERS_TIMEOUT' || err.code === 'UND_ERR_CONNECT_TIMEOUT') {
    return `no answer within ${timeoutMs} ms`;
  }
  return err.code ? `${err.code} ${err.message ?? ''}`.trim() : (err.message ?? 'request failed');
}
