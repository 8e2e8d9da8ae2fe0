import { routingSummary } from '@courier/rollout';
import type { LocalStack } from './local-stack';
import { RolloutRequestError, parseRolloutRequest } from './rollout-request';
import type { StackControls } from './stack-controls';

/** An admin API answer: a JSON body, or a problem (`detail` names the field). */
export type ControlAnswer = { status: number; body: unknown } | { status: number; problem: string };

/**
 * The admin endpoints the control room drives (everything else in stack-admin-api.ts):
 *
 *   POST /api/rollouts/:service    body: { strategy, steps?, intervalSeconds?, percent? }  → 202
 *   GET  /api/rollouts             per service: { running, routing (in words), events (latest last) }
 *   GET  /api/load                 { rps, running, lastWindow }
 *   PUT  /api/load                 body: { rps } (0 stops)
 *
 * Returns undefined for any other route.
 */
export async function handleControlRoute(stack: LocalStack, controls: StackControls, route: string, parts: string[], readBody: () => Promise<unknown>): Promise<ControlAnswer | undefined> {
  try {
    switch (route) {
      case 'POST /api/rollouts/:':
        return { status: 202, body: await controls.rollouts.start(parts[2], parseRolloutRequest(await readBody())) };
      case 'GET /api/rollouts':
        return {
          status: 200,
          body: Object.fromEntries(
            stack.services.map((s) => [
              s,
              { running: controls.rollouts.isRunning(s), routing: routingSummary(s, stack.routing.get(s)), events: controls.activity.eventsOf(s) },
            ]),
          ),
        };
      case 'GET /api/load':
        return { status: 200, body: controls.load.status() };
      case 'PUT /api/load': {
        const { rps } = ((await readBody()) ?? {}) as { rps?: unknown };
        return { status: 200, body: await controls.load.set(rps as number) };
      }
    }
    return undefined;
  } catch (error) {
    if (error instanceof RolloutRequestError) return { status: error.status, problem: error.message };
    if (error instanceof RangeError) return { status: 400, problem: error.message };
    // Plans reject bad shapes with messages that name CLI flags; here they are body fields.
    return { status: 400, problem: (error as Error).message.replace(/^--/, '') };
  }
}
