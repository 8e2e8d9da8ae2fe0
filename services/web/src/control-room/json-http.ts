import { fetchJson, ProblemError, UnreachableError } from '@courier/contracts';

/** Control-plane calls must fail fast: the control room polls every second. */
const CALL_TIMEOUT_MS = 2500;

/**
 * JSON over HTTP to a control-plane dependency (the stack admin API, the mesh, Prometheus). An
 * unreachable dependency is a fast 503 that names it; a 4xx it answers keeps its status and detail,
 * so "a rollout is already running" reaches the browser as the 409 it is.
 */
export async function callJson<T>(dependency: string, url: string, init: { method?: string; body?: unknown; timeoutMs?: number; bearer?: string } = {}): Promise<T> {
  const timeoutMs = init.timeoutMs ?? CALL_TIMEOUT_MS;
  let answer;
  try {
    answer = await fetchJson<{ detail?: string; title?: string }>(url, { method: init.method, body: init.body, bearer: init.bearer, timeoutMs });
  } catch (error) {
    if (!(error instanceof UnreachableError)) throw error;
    throw ProblemError.dependencyUnavailable(dependency, `${error.reason} (${new URL(url).origin})`);
  }
  const { status: code, text } = answer;
  const body = answer.body ?? {};
  // The browser's token was good, web's was not: a misconfiguration between web and the stack,
  // not something the user can fix by typing another token.
  if (code === 401) throw ProblemError.dependencyUnavailable(dependency, `refused web's control token (${body.detail ?? 'unauthorized'}); web and the stack must share CONTROL_TOKEN`);
  if (code >= 400 && code < 500) {
    throw new ProblemError({ title: body.title ?? 'Bad Request', status: code, detail: body.detail ?? `${dependency} refused the request` });
  }
  if (!answer.ok) throw ProblemError.dependencyUnavailable(dependency, `answered ${code}: ${body.detail ?? text.slice(0, 200)}`);
  return body as T;
}
