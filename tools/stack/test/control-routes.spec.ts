import { handleControlRoute } from '../src/control-routes';
import type { LocalStack } from '../src/local-stack';
import { LoadControl } from '../src/load-control';
import { RolloutActivity } from '../src/rollout-activity';
import { RolloutVerdictMetrics } from '../src/rollout-verdict-metrics';
import { parseRolloutRequest, RolloutRequestError } from '../src/rollout-request';
import type { RolloutRunner } from '../src/rollout-runner';
import type { StackControls } from '../src/stack-controls';

describe('rollout requests from the control room', () => {
  it('accepts a strategy with an optional step shape', () => {
    expect(parseRolloutRequest({ strategy: 'canary', steps: [10, 50, 100], intervalSeconds: 3 })).toEqual({ strategy: 'canary', steps: [10, 50, 100], intervalSeconds: 3 });
    expect(parseRolloutRequest({ strategy: 'mirror', percent: 50 })).toEqual({ strategy: 'mirror', percent: 50 });
  });

  it.each([
    [{ strategy: 'yolo' }, /^strategy: /],
    [{ strategy: 'canary', steps: [50, 10] }, /^steps: must ascend/],
    [{ strategy: 'canary', steps: [0] }, /^steps: /],
    [{ strategy: 'canary', intervalSeconds: 0 }, /^intervalSeconds: /],
    [{ strategy: 'mirror', percent: 101 }, /^percent: /],
  ])('names the bad field of %j', (body, detail) => {
    expect(() => parseRolloutRequest(body)).toThrow(detail);
    expect(() => parseRolloutRequest(body)).toThrow(RolloutRequestError);
  });
});

describe('control room admin routes', () => {
  const stack = { services: ['users', 'delivery', 'web'], routing: { get: () => ({ values: { strategy: 'none', match: [] }, tracks: { stable: 'v1', canary: 'v2', blue: 'v1', green: 'v2' } }) } } as unknown as LocalStack;
  const started: unknown[] = [];
  const rollouts = {
    isRunning: (service: string) => service === 'delivery',
    start: async (service: string, request: unknown) => {
      if (service === 'users') throw new RolloutRequestError(409, 'only v1 of users runs locally: there is no other version to roll out');
      started.push(request);
      return { service };
    },
  } as unknown as RolloutRunner;
  const activity = new RolloutActivity();
  activity.record('delivery', { type: 'started' });
  // A gateway nobody listens on: set() is refused before any load would be sent.
  const controls: StackControls = { activity, verdicts: new RolloutVerdictMetrics(['users', 'delivery', 'web']), rollouts, load: new LoadControl('http://127.0.0.1:9'), stop: async () => undefined };
  const route = (line: string, body?: unknown) => {
    const [method, pathname] = line.split(' ');
    const parts = pathname.split('/').filter(Boolean);
    return handleControlRoute(stack, controls, `${method} /${parts.map((p, i) => (i >= 2 ? ':' : p)).join('/')}`, parts, async () => body);
  };

  it('starts a rollout with the parsed request', async () => {
    expect(await route('POST /api/rollouts/delivery', { strategy: 'canary', steps: [25, 100] })).toEqual({ status: 202, body: { service: 'delivery' } });
    expect(started.at(-1)).toEqual({ strategy: 'canary', steps: [25, 100] });
  });

  it('answers bad input with a 400 naming the field, and refusals with their status', async () => {
    expect(await route('POST /api/rollouts/delivery', { strategy: 'canary', steps: 'all' })).toMatchObject({ status: 400, problem: expect.stringMatching(/^steps: /) });
    expect(await route('POST /api/rollouts/users', { strategy: 'canary' })).toMatchObject({ status: 409, problem: expect.stringMatching(/no other version/) });
    expect(await route('PUT /api/load', { rps: -1 })).toMatchObject({ status: 400, problem: expect.stringMatching(/^rps: /) });
    expect(await route('PUT /api/load', { rps: 1.5 })).toMatchObject({ status: 400 });
  });

  it('lists every service with its running state, routing in words and events', async () => {
    const answer = await route('GET /api/rollouts');
    expect(answer).toMatchObject({
      status: 200,
      body: {
        delivery: { running: true, routing: 'delivery: stable v1 100%', events: [{ type: 'started' }] },
        users: { running: false, events: [] },
        web: { running: false },
      },
    });
  });

  it('reports the load as off until it is switched on', async () => {
    expect(await route('GET /api/load')).toEqual({ status: 200, body: { rps: 0, running: false, lastWindow: undefined } });
    expect(await route('PUT /api/load', { rps: 0 })).toEqual({ status: 200, body: { rps: 0, running: false, lastWindow: undefined } });
  });

  it('leaves other routes to the rest of the admin API', async () => {
    expect(await route('GET /api/stack')).toBeUndefined();
  });
});
