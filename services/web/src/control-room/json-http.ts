import { ProblemError } from '@courier/contracts';

/** Control-plane calls must fail fast: the control room polls every second. */
const CALL_TIMEOUT_MS = 2500;

/**
 * JSON over HTTP to a control-plane dependency (the stack admin API, the mesh, Prometheus). An
 * unreachable dependency is a fast 503 that names it; a 4xx it answers keeps its status and detail,
 * so "a rollout is already running" reaches the browser as the 409 it is.
 */
export async function callJson<T>(dependency: string, url: string, init: { method?: string; body?: unknown; timeoutMs?: number; bearer?: string } = {}): Promise<T> {
  const headers: Record<string, string> = {};
  if (init.body !== undefined) headers['content-type'] = 'application/json';
  if (init.bearer !== undefined) headers.authorization = `Bearer ${init.bearer}`;
  let res: Response;
  try {
    res = await fetch(url, {
      method: init.method ?? 'GET',
      headers,
      body: init.body === undefined ? undefined : JSON.stringify(init.body),
      signal: AbortSignal.timeout(init.timeoutMs ?? CALL_TIMEOUT_MS),
    });
  } catch (error) {
    const cause = (error as Error).name === 'TimeoutError' ? `no answer within ${init.timeoutMs ?? CALL_TIMEOUT_MS} ms` : (((error as Error).cause as Error | undefined)?.message ?? (error as Error).message);
    throw ProblemError.dependencyUnavailable(dependency, `${cause} (${new URL(url).origin})`);
  }
  const text = await res.text();
  const body = text ? (JSON.parse(text) as { detail?: string; title?: string }) : {};
  // The browser's token was good, web's was not: a misconfiguration between web and the stack,
  // not something the user can fix by typing another token.
  if (res.status === 401) throw ProblemError.dependencyUnavailable(dependency, `refused web's control token (${body.detail ?? 'unauthorized'}); web and the stack must share CONTROL_TOKEN`);
  if (res.status >= 400 && res.status < 500) {
    throw new ProblemError({ title: body.title ?? 'Bad Request', status: res.status, detail: body.detail ?? `${dependency} refused the request` });
  }
  if (!res.ok) throw ProblemError.dependencyUnavailable(dependency, `answered ${res.status}: ${body.detail ?? text.slice(0, 200)}`);
  return body as T;
}
