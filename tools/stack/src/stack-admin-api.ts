import { DEFAULT_REQUEST_TIMEOUT_MS, presentsToken, refuseForeignControl, requestTimeouts } from '@courier/mesh';
import type { RolloutValues } from '@courier/rollout';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { LocalStack } from './local-stack';
import { handleControlRoute } from './control-routes';
import { createStackControls, type StackControls } from './stack-controls';

const MAX_BODY_BYTES = 64 * 1024;
const TITLES: Record<number, string> = { 400: 'Bad Request', 401: 'Unauthorized', 403: 'Forbidden', 404: 'Not Found', 409: 'Conflict', 415: 'Unsupported Media Type' };

/**
 * The stack's control surface on 127.0.0.1: the rollout CLI's local actuator and the control room
 * change routing and fault settings through it.
 *
 *   GET  /api/stack                                  everything: routing, versions, faults, mesh
 *   PUT  /api/rollout/:service                       body: { values: the chart's `rollout` block,
 *                                                           tracks?: { <track>: <version> } }
 *   POST /api/rollout/:service/promote               body: { version, values, strategy }
 *   PUT  /api/workloads/:service/:version/faults     body: { errorRate, delayMs }
 *   POST /api/rollout/:service/control               body: { action: promote | abort }  (a running rollout polls GET)
 *   POST /api/rollout/:service/events                the running rollout's progress (GET lists them)
 *   GET  /metrics                                    the rollouts' analysis verdicts (rollout-verdict-metrics.ts)
 * plus the control room's rollouts and load (control-routes.ts). Every request must come from this
 * machine, and a change must carry a JSON body and the run's control token (@courier/mesh's
 * refuseForeignControl).
 */
export function startStackAdminApi(stack: LocalStack, port: number, controls: StackControls = createStackControls(stack)): Promise<Server> {
  // A client that stalls mid-request gets a 408, as on every other server of the stack.
  const server = createServer(requestTimeouts(DEFAULT_REQUEST_TIMEOUT_MS), (request, response) => {
    void handle(stack, controls, request, response).catch((error: Error) => problem(response, 400, publicDetail(error, request)));
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve(server));
  });
}

async function handle(stack: LocalStack, controls: StackControls, request: IncomingMessage, response: ServerResponse): Promise<void> {
  // Only this machine may read or change the stack: no rebound DNS name, no other site's page; and
  // a change needs this run's control token.
  const refusal = refuseForeignControl(request, stack.controlToken);
  if (refusal) return problem(response, refusal.status, refusal.detail);
  const { activity } = controls;
  const { pathname } = new URL(request.url ?? '/', 'http://stack');
  const parts = pathname.split('/').filter(Boolean);
  const route = `${request.method} /${parts.map((p, i) => (i >= 2 ? ':' : p)).join('/')}`;
  const answer = await handleControlRoute(stack, controls, route, parts, () => readJson(request));
  if (answer) return 'problem' in answer ? problem(response, answer.status, answer.problem) : json(response, answer.status, answer.body);
  switch (route) {
    case 'GET /api/stack':
      return json(response, 200, stack.describe());
    case 'GET /metrics':
      response.writeHead(200, { 'content-type': 'text/plain; version=0.0.4; charset=utf-8' });
      return void response.end(controls.verdicts.render());
    case 'PUT /api/rollout/:': {
      const body = (await readJson(request)) as { values?: RolloutValues; tracks?: Record<string, string> };
      if (!body.values) return problem(response, 400, 'values: the rollout values are required');
      return json(response, 200, await stack.setRollout(parts[2], body.values, body.tracks));
    }
    case 'POST /api/rollout/:/:': {
      const [, , service, action] = parts;
      if (action === 'promote') {
        const body = (await readJson(request)) as { version: string; values: RolloutValues; strategy: string };
        return json(response, 200, await stack.promote(service, body.version, body.values, body.strategy));
      }
      if (action === 'control') {
        const { action: requested } = (await readJson(request)) as { action?: string };
        if (requested !== 'promote' && requested !== 'abort') return problem(response, 400, 'action: must be promote or abort');
        // A rollout the stack runs itself reacts at once; one run by the CLI polls for the request.
        // With neither, there is nothing to act on, and nothing is kept for a later rollout.
        if (!controls.rollouts.control(service, requested) && !activity.request(service, requested)) {
          return problem(response, 409, `no rollout of ${service} is in progress: there is nothing to ${requested}`);
        }
        return json(response, 202, { service, action: requested });
      }
      if (action === 'events') {
        activity.record(service, await readJson(request));
        return json(response, 202, {});
      }
      break;
    }
    case 'GET /api/rollout/:/:': {
      const [, , service, action] = parts;
      if (action === 'control') {
        // Taking a pending promote or abort consumes it: only the rollout's own CLI, with the token, may.
        if (stack.controlToken !== undefined && !presentsToken(request, stack.controlToken)) return problem(response, 401, 'authorization: taking a rollout control needs "Authorization: Bearer <token>"');
        return json(response, 200, { action: activity.take(service) });
      }
      if (action === 'events') return json(response, 200, activity.eventsOf(service));
      break;
    }
    case 'PUT /api/workloads/:/:/:': {
      if (parts[4] !== 'faults') break;
      const body = (await readJson(request)) as { errorRate?: unknown; delayMs?: unknown };
      const errorRate = Number(body.errorRate ?? 0);
      const delayMs = Number(body.delayMs ?? 0);
      if (!(errorRate >= 0 && errorRate <= 1)) return problem(response, 400, 'errorRate: must be between 0 and 1');
      if (!(Number.isInteger(delayMs) && delayMs >= 0 && delayMs <= 60_000)) return problem(response, 400, 'delayMs: must be a whole number of ms between 0 and 60000');
      if (!stack.runs(parts[2], parts[3])) return problem(response, 404, `version: no ${parts[3]} of ${parts[2]} runs in this stack`);
      await stack.setFaults(parts[2], parts[3], { errorRate, delayMs });
      return json(response, 200, stack.describe().services[parts[2] as 'users']);
    }
  }
  return problem(response, 404, `no stack endpoint ${request.method} ${pathname}`);
}

/**
 * The detail of a refused request. Our own errors name the field and the fix; a TypeError (a body
 * of the wrong shape reaching code that expected another) would show internals, so it is logged
 * here and answered in general terms.
 */
function publicDetail(error: Error, request: IncomingMessage): string {
  if (!(error instanceof TypeError)) return error.message;
  process.stderr.write(`courier-stack: ${request.method} ${request.url}: ${error.stack ?? error.message}\n`);
  return 'body: not the shape this endpoint takes (see the stack admin API in tools/stack/src/stack-admin-api.ts)';
}

async function readJson(request: IncomingMessage): Promise<unknown> {
  let size = 0;
  const chunks: Buffer[] = [];
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) throw new Error('body: larger than 64 KiB');
    chunks.push(chunk as Buffer);
  }
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8'));
  } catch {
    throw new Error('body: malformed JSON');
  }
}

function json(response: ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
}

function problem(response: ServerResponse, status: number, detail: string): void {
  // A 401 names the scheme it wants (RFC 9110).
  if (status === 401) response.setHeader('www-authenticate', 'Bearer realm="courier-stack"');
  response.writeHead(status, { 'content-type': 'application/problem+json' }).end(JSON.stringify({ title: TITLES[status] ?? 'Bad Request', status, detail }));
}
