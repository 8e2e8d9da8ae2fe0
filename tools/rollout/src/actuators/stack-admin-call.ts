import { fetchJson, UnreachableError } from '@courier/contracts';
import { readFileSync } from 'node:fs';
import path from 'node:path';

/** The file in the stack's data dir (`.data` by default) that holds the running stack's control token. */
export const CONTROL_TOKEN_FILE = 'control-token';

/**
 * One call to the local stack's admin API (`npm start`, :8079), with the run's control token as a
 * bearer token: changes need it, and so does taking a pending promote or abort (a GET). A refusal or
 * an unreachable stack is an error that says what to do.
 */
export async function callStackAdmin(stackUrl: string, token: string | undefined, method: string, route: string, body?: unknown, timeoutMs = 10_000): Promise<unknown> {
  let answer;
  try {
    answer = await fetchJson(`${stackUrl}${route}`, { method, body, bearer: token, timeoutMs });
  } catch (error) {
    if (!(error instanceof UnreachableError)) throw error;
    throw new Error(`the local stack is not reachable at ${stackUrl} (${error.reason}). Start it with: npm start`);
  }
  if (answer.status === 401) {
    throw new Error(`the local stack refused ${method} ${route} without this run's control token: run from the directory npm start runs in (it reads .data/${CONTROL_TOKEN_FILE}), or set COURIER_CONTROL_TOKEN`);
  }
  if (!answer.ok) throw new Error(`the local stack refused ${method} ${route}: ${answer.status} ${answer.text}`);
  return answer.body;
}

/** The running stack's control token: COURIER_CONTROL_TOKEN, else `<cwd>/.data/control-token`, else none (CONTROL_AUTH=off). */
export function readControlToken(cwd: string, env: NodeJS.ProcessEnv): string | undefined {
  if (env.COURIER_CONTROL_TOKEN) return env.COURIER_CONTROL_TOKEN;
  try {
    return readFileSync(path.join(cwd, '.data', CONTROL_TOKEN_FILE), 'utf8').trim() || undefined;
  } catch {
    return undefined;
  }
}
