import { ProblemError } from '@courier/contracts';

/** Control-plane calls must fail fast: the control room polls every second. */
const CALL_TIMEOUT_MS = 2500;

/**
 * JSON over HTTP to a control-plane dependency (the stack admin API, the mesh, Prometheus). An
 * unreachable dependency is a fast 503 that names it; a 4xx it answers keeps its status and detail,
 * so "a rollout is already running" reaches the browser as the 409 it is.
 */
export async function callJson<T>(dependency: string, url: string, init: { method?: string; body?: unknown; timeoutMs?: number } = {}): Promise<T> {
  let res: Response;
  try {
    res = await fetch(url, {
      method: init.method ?? 'GET',
      headers: init.body === undefined ? undefined : { 'content-type': 'application/json' },
      body: init.body === undefined ? undefined : JSON.stringify(init.body),
      signal: AbortSignal.timeout(init.timeoutMs ?? CALL_TIMEOUT_MS),
    });
  } catch (error) {
    const cause = (error as Error).name === 'TimeoutError' ? `no answer within ${init.timeoutMs ?? CALL_TIMEOUT_MS} ms` : (((error as Error).cause as Error | undefined)?.message ?? (error as Error).message);
    throw ProblemError.dependencyUnavailable(dependency, `${cause} (${new URL(url).origin})`);
  }
  const text = await res.text();
  const body = text ? (JSON.parse(text) as { detail?: string; title?: string }) : {};
  if (res.status >= 400 && res.status < 500) {
    throw new ProblemError({ title: body.title ?? 'Bad Request', status: res.status, detail: body.detail ?? `${dependency} refused the request` });
  }
  if (!res.ok) throw ProblemError.dependencyUnavailable(dependency, `answered ${res.status}: ${body.detail ?? text.slice(0, 200)}`);
  return body as T;
}
