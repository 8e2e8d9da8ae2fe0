/** What the control room asks the stack to run: a strategy, and optionally its step shape. */
export interface RolloutRequest {
  strategy: 'canary' | 'bluegreen' | 'mirror';
  /** Canary weights in percent, ascending; default from rollout.config.json. */
  steps?: number[];
  /** How long each step holds before it is analysed; default from rollout.config.json. */
  intervalSeconds?: number;
  /** Mirror: share of live requests copied to the new version. */
  percent?: number;
}

/** A request the stack refuses, with the HTTP status and a detail that names the field. */
export class RolloutRequestError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

const STRATEGIES = ['canary', 'bluegreen', 'mirror'] as const;

/** Checks an admin API body field by field; the first bad field is reported by name. */
export function parseRolloutRequest(body: unknown): RolloutRequest {
  const input = (body ?? {}) as Record<string, unknown>;
  const bad = (detail: string) => new RolloutRequestError(400, detail);
  if (!STRATEGIES.includes(input.strategy as RolloutRequest['strategy'])) throw bad(`strategy: must be one of ${STRATEGIES.join(', ')}`);
  const request: RolloutRequest = { strategy: input.strategy as RolloutRequest['strategy'] };
  if (input.steps !== undefined) {
    const steps = input.steps;
    if (!Array.isArray(steps) || steps.length === 0 || steps.length > 10 || !steps.every((w) => Number.isInteger(w) && w >= 1 && w <= 100)) {
      throw bad('steps: must be 1 to 10 whole percentages between 1 and 100');
    }
    if (steps.some((w, i) => i > 0 && w <= steps[i - 1])) throw bad('steps: must ascend');
    request.steps = steps as number[];
  }
  if (input.intervalSeconds !== undefined) {
    const seconds = input.intervalSeconds;
    if (typeof seconds !== 'number' || !(seconds >= 1 && seconds <= 600)) throw bad('intervalSeconds: must be between 1 and 600');
    request.intervalSeconds = seconds;
  }
  if (input.percent !== undefined) {
    const percent = input.percent;
    if (!Number.isInteger(percent) || (percent as number) < 1 || (percent as number) > 100) throw bad('percent: must be a whole number between 1 and 100');
    request.percent = percent as number;
  }
  return request;
}
