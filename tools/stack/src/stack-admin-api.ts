import { DEFAULT_REQUEST_TIMEOUT_MS, presentsToken, refuseForeignControl, requestTimeouts } from '@courier/mesh';
import { ControlActionSchema, FaultSettingsSchema, parseBody, PromotionSchema, SetRoutingSchema } from '@courier/contracts';
import type { ZodType } from 'zod';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { LocalStack } from './local-stack';
import type { RecordedEvent } from './rollout-activity';
import { handleControlRoute, routeOf } from './control-routes';
import { createStackControls, type StackControls } from './stack-controls';

const MAX_BODY_BYTES = 64 * 1024;
const TITLES: Record<number, string> = { 400: 'Bad Request', 401: 'Unauthorized', 403: 'Forbidden', 404: 'Not Found', 409: 'Conflict', 415: 'Unsupported Media Type' };

/**
 * The stack's control surface on 127.0.0.1: the rollout CLI's local actuator and the control room
 * change routing and fault settings through it. Bodies and answers are the control-plane contract
 * (libs/contracts/src/control-plane), one route family per service:
 *
 *   GET  /api/stack                                         StackDescription: routing, versions, faults, mesh
 *   PUT  /api/rollouts/:service/routing                     SetRouting: the chart's `rollout` values (+ tracks)
 *   POST /api/rollouts/:service/promotion                   Promotion: { version, values, strategy }
 *   POST /api/rollouts/:service/control                     { action: promote | abort } (a CLI rollout polls GET)
 *   POST /api/rollouts/:service/events                      the CLI rollout's progress (GET lists them)
 *   PUT  /api/rollouts/:service/versions/:version/faults    FaultSettings: { errorRate, delayMs }
 *   GET  /metrics                                           the rollouts' analysis verdicts (rollout-verdict-metrics.ts)
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
  const { route, service, version } = routeOf(request.method ?? 'GET', pathname);
  const body = <T>(schema: ZodType<T>) => readJson(request).then((value) => parsed(schema, value));
  const answer = await handleControlRoute(stack, controls, route, service, () => readJson(request));
  if (answer) return 'problem' in answer ? problem(response, answer.status, answer.problem) : json(response, answer.status, answer.body);
  switch (route) {
    case 'GET /api/stack':
      return json(response, 200, stack.describe());
    case 'GET /metrics':
      response.writeHead(200, { 'content-type': 'text/plain; version=0.0.4; charset=utf-8' });
      return void response.end(controls.verdicts.render());
    case 'PUT /api/rollouts/:service/routing': {
      const { values, tracks } = await body(SetRoutingSchema);
      return json(response, 200, await stack.setRollout(service, values, tracks));
    }
    case 'POST /api/rollouts/:service/promotion': {
      const promotion = await body(PromotionSchema);
      return json(response, 200, await stack.promote(service, promotion.version, promotion.values, promotion.strategy));
    }
    case 'POST /api/rollouts/:service/control': {
      const { action } = await body(ControlActionSchema);
      // A rollout the stack runs itself reacts at once; one run by the CLI polls for the request.
      // With neither, there is nothing to act on, and nothing is kept for a later rollout.
      if (!controls.rollouts.control(service, action) && !activity.request(service, action)) {
        return problem(response, 409, `no rollout of ${service} is in progress: there is nothing to ${action}`);
      }
      return json(response, 202, { service, action });
    }
    case 'GET /api/rollouts/:service/control':
      // Taking a pending promote or abort consumes it: only the rollout's own CLI, with the token, may.
      if (stack.controlToken !== undefined && !presentsToken(request, stack.controlToken)) return problem(response, 401, 'authorization: taking a rollout control needs "Authorization: Bearer <token>"');
      return json(response, 200, { action: activity.take(service) });
    case 'POST /api/rollouts/:service/events': {
      const event = (await readJson(request)) as RecordedEvent | null;
      if (typeof event?.type !== 'string') return problem(response, 400, 'type: an event names its type (started, step-started, …)');
      activity.record(service, event);
      return json(response, 202, {});
    }
    case 'GET /api/rollouts/:service/events':
      return json(response, 200, activity.eventsOf(service));
    case 'PUT /api/rollouts/:service/versions/:version/faults': {
      const faults = await body(FaultSettingsSchema);
      if (!stack.runs(service, version)) return problem(response, 404, `version: no ${version} of ${service} runs in this stack`);
      await stack.setFaults(service, version, faults);
      return json(response, 200, stack.describe().services[service]);
    }
  }
  return problem(response, 404, `no stack endpoint ${request.method} ${pathname}`);
}

/** A body checked by its contract schema; the first bad field is the problem's detail. */
function parsed<T>(schema: ZodType<T>, value: unknown): T {
  const result = parseBody(schema, value);
  if (!result.ok) throw new Error(result.detail);
  return result.value;
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
