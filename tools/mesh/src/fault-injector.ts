import { parseDuration } from './duration';
import { type HTTPFaultInjection, type Percent } from './istio-objects';
import { type RandomSource } from './random-source';

export interface FaultDecision {
  delayMs: number;
  /** The status to abort with, or undefined to let the request through. */
  abortStatus: number | undefined;
}

const NO_FAULT: FaultDecision = Object.freeze({ delayMs: 0, abortStatus: undefined });

/**
 * Istio's `fault` block, applied like Envoy's fault filter: before routing, the delay and the
 * abort are each drawn independently at their percentage, and a delayed request may still be
 * aborted afterwards. A missing percentage means no request is affected, per Istio's reference.
 */
export class FaultInjector {
  private readonly delayMs: number;
  private readonly delayPercent: number;
  private readonly abortStatus: number | undefined;
  private readonly abortPercent: number;

  constructor(fault: HTTPFaultInjection, where: string, private readonly random: RandomSource) {
    if (fault === null || typeof fault !== 'object') throw new Error(`${where}: expected delay and/or abort`);
    const { delay, abort } = fault;
    if (delay?.exponentialDelay !== undefined) throw new Error(`${where}.delay.exponentialDelay: not supported by Istio (use fixedDelay)`);
    this.delayMs = parseDuration(delay?.fixedDelay, `${where}.delay.fixedDelay`) ?? 0;
    if (delay && delay.fixedDelay === undefined) throw new Error(`${where}.delay: fixedDelay is required`);
    this.delayPercent = delay ? percentOf(delay.percentage, delay.percent, `${where}.delay`) : 0;

    if (abort && (abort.grpcStatus !== undefined || abort.http2Error !== undefined)) {
      throw new Error(`${where}.abort: only httpStatus aborts are supported by the local mesh`);
    }
    if (abort && (!Number.isInteger(abort.httpStatus) || (abort.httpStatus as number) < 200 || (abort.httpStatus as number) > 599)) {
      throw new Error(`${where}.abort.httpStatus: expected an HTTP status between 200 and 599`);
    }
    this.abortStatus = abort?.httpStatus;
    this.abortPercent = abort ? percentOf(abort.percentage, undefined, `${where}.abort`) : 0;
  }

  /** The settings, for /config. */
  describe(): { delay?: { fixedDelayMs: number; percent: number }; abort?: { httpStatus: number; percent: number } } {
    return {
      ...(this.delayPercent > 0 ? { delay: { fixedDelayMs: this.delayMs, percent: this.delayPercent } } : {}),
      ...(this.abortStatus !== undefined ? { abort: { httpStatus: this.abortStatus, percent: this.abortPercent } } : {}),
    };
  }

  decide(): FaultDecision {
    const delayed = this.delayPercent > 0 && this.random() * 100 < this.delayPercent;
    const aborted = this.abortPercent > 0 && this.random() * 100 < this.abortPercent;
    if (!delayed && !aborted) return NO_FAULT;
    return { delayMs: delayed ? this.delayMs : 0, abortStatus: aborted ? this.abortStatus : undefined };
  }
}

/** A percentage in [0, 100] from Istio's `percentage.value` or the deprecated integer `percent`. */
export function percentOf(percentage: Percent | undefined, legacyPercent: number | undefined, where: string): number {
  const value = percentage?.value ?? legacyPercent ?? 0;
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0 || value > 100) {
    throw new Error(`${where}.percentage: expected a number between 0 and 100`);
  }
  return value;
}
