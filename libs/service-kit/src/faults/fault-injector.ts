import { ProblemError, ProblemTypes } from '@courier/contracts';
import { setTimeout as sleep } from 'node:timers/promises';

export interface FaultSettings {
  /** Fraction of matching requests answered with a 500, 0..1. */
  errorRate: number;
  /** Latency added to every matching request, in ms. */
  delayMs: number;
  /** Only paths matching this are affected; all application routes when absent. */
  route?: RegExp;
}

/** Operational endpoints stay healthy even in bad mode, so probes and scrapes still see the truth. */
const NEVER_FAULTED = /^\/(healthz|readyz|metrics|version)(\/|$|\?)/;

/**
 * Plays a "bad build" for demos: a version with an error rate and added latency, so the rollout
 * analysis has something real to reject. Settings come from FAULT_* config and can be changed live.
 */
export class FaultInjector {
  constructor(
    private settings: FaultSettings,
    private readonly random: () => number = Math.random,
  ) {}

  get current(): FaultSettings {
    return this.settings;
  }

  update(settings: FaultSettings): void {
    this.settings = settings;
  }

  /** Waits the configured delay, then throws an injected 500 for the configured share of requests. */
  async apply(path: string): Promise<void> {
    const { errorRate, delayMs, route } = this.settings;
    if ((errorRate === 0 && delayMs === 0) || NEVER_FAULTED.test(path)) return;
    if (route && !route.test(path)) return;
    if (delayMs > 0) await sleep(delayMs);
    if (errorRate > 0 && this.random() < errorRate) {
      throw new ProblemError({ type: ProblemTypes.injectedFault, title: 'Internal Server Error', status: 500, detail: 'injected fault (FAULT_ERROR_RATE)' });
    }
  }
}
