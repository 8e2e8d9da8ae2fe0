import type { LoadSnapshot } from '@courier/loadgen';
import { setTimeout as sleep } from 'node:timers/promises';

/**
 * Zero-loss suites judge a routing change by the requests it costs. On a busy machine the same
 * load can fail with no routing change at all (the services time out: overload), and those
 * failures say nothing about the rollout. So before any rollout the suite measures a baseline: the
 * same load, the same length of window, no routing change. Only a rate whose baseline loses nothing
 * is used, and against it a routing change must lose nothing either.
 */

/** What a baseline needs of the load generator. */
export interface AdjustableLoad {
  setRate(rps: number): void;
  resetStats(): void;
  /** The window's counts once every request it sent has been answered or has failed. */
  closeWindow(): Promise<LoadSnapshot>;
}

/**
 * A window is only a baseline for its rate if the load generator really sent that rate: when the
 * machine starves the client too (its timer fires late), it sends less, and a clean window at a
 * lower real rate would vouch for a rate nobody measured.
 */
export const MIN_SENT_SHARE = 0.8;

export interface BaselineWindow {
  rps: number;
  traffic: LoadSnapshot;
}

export interface CleanRate {
  /** The clean baseline: its rate is the one to run the rollouts at, the highest tried that lost nothing. */
  baseline: BaselineWindow;
  targetRps: number;
  /** Every baseline measured, in order; the last one is the clean one. */
  windows: BaselineWindow[];
}

export interface BaselineOptions {
  targetRps: number;
  /** Long enough to be comparable with a rollout's windows. */
  windowMs: number;
  /** After a rate change, before counting: lets the queues of an overloaded rate drain. */
  settleMs: number;
  /** Below this the run proves too little; a machine that cannot serve it fails the suite. */
  floorRps: number;
  /** Waits; tests of this module pass a fake clock. */
  wait?: (ms: number) => Promise<unknown>;
}

/**
 * Measures baselines from the target rate down until one loses nothing. After a baseline that
 * failed, the next rate is half of what was served successfully (the measured capacity), and never
 * more than half the rate tried, so a rollout's own work (chart renders, analysis queries) still
 * has room. Throws when even the floor rate fails with no routing change: then nothing can be
 * judged, and the machine, not the rollout, is what needs looking at.
 */
export async function findCleanRate(load: AdjustableLoad, options: BaselineOptions): Promise<CleanRate> {
  const wait = options.wait ?? sleep;
  const windows: BaselineWindow[] = [];
  let rps = options.targetRps;
  for (;;) {
    load.setRate(rps);
    await wait(options.settleMs);
    load.resetStats();
    await wait(options.windowMs);
    const traffic = await load.closeWindow();
    const window = { rps, traffic };
    windows.push(window);
    if (isClean(window)) return { baseline: window, targetRps: options.targetRps, windows };
    if (rps <= options.floorRps) {
      const tried = windows.map((measured) => `  baseline ${describeWindow(measured)}`).join('\n');
      throw new Error(`overloaded: the same load with no routing change lost requests even at ${rps} req/s\n${tried}`);
    }
    rps = Math.max(options.floorRps, Math.min(Math.floor(rps / 2), Math.floor(goodput(traffic) / 2)));
  }
}

/** Nothing failed, and the rate was really sent. */
export function isClean({ rps, traffic }: BaselineWindow): boolean {
  return traffic.failed === 0 && traffic.sent >= MIN_SENT_SHARE * rps * (traffic.elapsedMs / 1000);
}

/** Requests per second answered successfully in a window: what the machine served at that load. */
export function goodput(traffic: LoadSnapshot): number {
  return traffic.elapsedMs > 0 ? (traffic.succeeded * 1000) / traffic.elapsedMs : 0;
}

/**
 * Why a routing change failed the zero-loss bar, or undefined when it lost nothing. Strict: every
 * failed request counts against the routing change, because the baseline, at this rate or a
 * higher one, lost none.
 * A baseline that itself lost requests cannot judge anything, so it is refused.
 */
export function lossFromRoutingChange(baseline: BaselineWindow, during: LoadSnapshot): string | undefined {
  if (!isClean(baseline)) throw new Error(`the baseline at ${baseline.rps} req/s is not clean (${describeWindow(baseline)}): it cannot judge a routing change`);
  if (during.failed === 0) return undefined;
  return (
    `${during.failed} of ${during.sent} requests failed during the routing change ${JSON.stringify(during.failures)}, ` +
    `while the baseline with no routing change lost none (${describeWindow(baseline)})`
  );
}

export function describeBaselines(rate: CleanRate): string {
  const lines = rate.windows.map((window) => `  baseline ${describeWindow(window)}`);
  if (rate.baseline.rps < rate.targetRps) {
    lines.push(`  overloaded at ${rate.targetRps} req/s: ${rate.baseline.rps} req/s is clean, half the measured capacity or less`);
  }
  return lines.join('\n');
}

function describeWindow({ rps, traffic }: BaselineWindow): string {
  return (
    `${rps} req/s for ${(traffic.elapsedMs / 1000).toFixed(1)} s, no routing change: ${traffic.sent} sent ` +
    `(${((traffic.sent * 1000) / Math.max(1, traffic.elapsedMs)).toFixed(0)} req/s), ${traffic.failed} failed ` +
    `${JSON.stringify(traffic.failures)}, ${goodput(traffic).toFixed(0)} req/s served, p99 ${Math.round(traffic.p99Ms)} ms`
  );
}
