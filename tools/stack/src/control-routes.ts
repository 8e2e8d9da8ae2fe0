import { LoadSchema, parseBody, routingView, StartRolloutSchema, type StackRollouts } from '@courier/contracts';
import type { LocalStack } from './local-stack';
import { RolloutRequestError } from './rollout-request';
import type { StackControls } from './stack-controls';

/**
 * A request's route: its method and path with the service and version named, e.g.
 * `PUT /api/rollouts/:service/versions/:version/faults`, and the two values.
 */
export function routeOf(method: string, pathname: string): { route: string; service: string; version: string } {
  const parts = pathname.split('/').filter(Boolean);
  const route = `${method} /${parts.map((part, index) => (index === 2 ? ':service' : index === 4 ? ':version' : part)).join('/')}`;
  return { route, service: parts[2] ?? '', version: parts[4] ?? '' };
}

/** An admin API answer: a JSON body, or a problem (`detail` names the field). */
export type ControlAnswer = { status: number; body: unknown } | { status: number; problem: string };

/**
 * The admin endpoints the control room drives (everything else in stack-admin-api.ts), with the
 * bodies of the control-plane contract:
 *
 *   POST /api/rollouts/:service    StartRollout: { strategy, steps?, intervalSeconds?, percent? }  → 202
 *   GET  /api/rollouts             StackRollouts: per service, running, routing (as data), events
 *   GET  /api/load                 LoadStatus
 *   PUT  /api/load                 { rps } (0 stops)
 *   GET  /api/data                 DataCounts: rows per table of every service's schema
 *   DELETE /api/data               empties those tables (migrations stay); the counts after
 *
 * Returns undefined for any other route.
 */
export async function handleControlRoute(stack: LocalStack, controls: StackControls, route: string, service: string, readBody: () => Promise<unknown>): Promise<ControlAnswer | undefined> {
  try {
    switch (route) {
      case 'POST /api/rollouts/:service': {
        const request = parseBody(StartRolloutSchema, await readBody());
        if (!request.ok) return { status: 400, problem: request.detail };
        return { status: 202, body: await controls.rollouts.start(service, request.value) };
      }
      case 'GET /api/rollouts': {
        const rollouts: StackRollouts = Object.fromEntries(
          stack.services.map((name) => {
            const { values, tracks } = stack.routing.get(name);
            return [name, { running: controls.rollouts.isRunning(name), routing: routingView(values, tracks), events: controls.activity.eventsOf(name) }];
          }),
        );
        return { status: 200, body: rollouts };
      }
      case 'GET /api/load':
        return { status: 200, body: controls.load.status() };
      case 'PUT /api/load': {
        const load = parseBody(LoadSchema, await readBody());
        if (!load.ok) return { status: 400, problem: load.detail };
        return { status: 200, body: await controls.load.set(load.value.rps) };
      }
      case 'GET /api/data':
        return { status: 200, body: await controls.data.counts() };
      case 'DELETE /api/data':
        return { status: 200, body: await controls.data.empty() };
    }
    return undefined;
  } catch (error) {
    if (error instanceof RolloutRequestError) return { status: error.status, problem: error.message };
    if (error instanceof RangeError) return { status: 400, problem: error.message };
    // Plans reject bad shapes with messages that name CLI flags; here they are body fields.
    return { status: 400, problem: (error as Error).message.replace(/^--/, '') };
  }
}
