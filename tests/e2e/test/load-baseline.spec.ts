import type { LoadSnapshot } from '@courier/loadgen';
import { findCleanRate, lossFromRoutingChange, type AdjustableLoad } from './support/load-baseline';

const WINDOW_MS = 4000;

function snapshot(sent: number, failed: number, failures: Record<string, number> = failed ? { '503': failed } : {}): LoadSnapshot {
  return { elapsedMs: WINDOW_MS, sent, succeeded: sent - failed, failed, failures, servedBy: {}, p50Ms: 10, p99Ms: 50 };
}

/**
 * A machine that serves `capacity` requests per second: above it, the excess fails (overload), as
 * the services' upstream timeouts turn a queue into 503s.
 */
class MachineWithCapacity implements AdjustableLoad {
  readonly rates: number[] = [];
  private rps = 0;
  /** `clientLimit`: the most the load generator itself manages to send on this machine. */
  constructor(
    private readonly capacity: number,
    private readonly clientLimit = Infinity,
  ) {}
  setRate(rps: number): void {
    this.rps = rps;
    this.rates.push(rps);
  }
  resetStats(): void {}
  async closeWindow(): Promise<LoadSnapshot> {
    const sentRps = Math.min(this.rps, this.clientLimit);
    const sent = (sentRps * WINDOW_MS) / 1000;
    const served = (Math.min(sentRps, this.capacity) * WINDOW_MS) / 1000;
    return snapshot(sent, sent - served);
  }
}

const options = { targetRps: 200, windowMs: WINDOW_MS, settleMs: 1000, floorRps: 20, wait: async () => undefined };

describe('findCleanRate', () => {
  it('keeps the target rate when its baseline loses nothing', async () => {
    const machine = new MachineWithCapacity(500);
    const rate = await findCleanRate(machine, options);
    expect(rate.baseline.rps).toBe(200);
    expect(machine.rates).toEqual([200]);
  });

  it('on an overloaded machine, runs at half the measured capacity, proven clean by its own baseline', async () => {
    const machine = new MachineWithCapacity(70);
    const rate = await findCleanRate(machine, options);
    // 200 req/s: 70 served, so the next rate is 35; its baseline is clean.
    expect(machine.rates).toEqual([200, 35]);
    expect(rate.baseline.rps).toBe(35);
    expect(rate.windows.map((w) => w.traffic.failed)).toEqual([520, 0]);
  });

  it('does not vouch for a rate the load generator could not send, even with no failure', async () => {
    // The client is starved to 60 req/s: nothing fails, but 200 req/s was never measured.
    const machine = new MachineWithCapacity(500, 60);
    const rate = await findCleanRate(machine, options);
    expect(machine.rates).toEqual([200, 30]);
    expect(rate.baseline.rps).toBe(30);
  });

  it('fails the suite when even the floor rate loses requests with no routing change', async () => {
    const machine = new MachineWithCapacity(10);
    await expect(findCleanRate(machine, options)).rejects.toThrow(/overloaded: .* even at 20 req\/s/);
    expect(machine.rates).toEqual([200, 20]);
  });
});

describe('lossFromRoutingChange', () => {
  const cleanBaseline = { rps: 200, traffic: snapshot(800, 0) };

  it('passes a routing change that lost nothing', () => {
    expect(lossFromRoutingChange(cleanBaseline, snapshot(2400, 0))).toBeUndefined();
  });

  it('catches a routing change that drops requests, however few', () => {
    // A deliberate fault: requests in flight on the old subset reset when routing moves.
    const loss = lossFromRoutingChange(cleanBaseline, snapshot(2400, 3, { 'read delivery: 503': 2, 'create delivery: ECONNRESET': 1 }));
    expect(loss).toMatch(/^3 of 2400 requests failed during the routing change/);
    expect(loss).toContain('ECONNRESET');
    expect(loss).toContain('the baseline with no routing change lost none');
  });

  it('refuses to judge against a baseline that itself lost requests, or did not send its rate', () => {
    expect(() => lossFromRoutingChange({ rps: 200, traffic: snapshot(800, 5) }, snapshot(2400, 0))).toThrow(/cannot judge/);
    expect(() => lossFromRoutingChange({ rps: 200, traffic: snapshot(300, 0) }, snapshot(2400, 0))).toThrow(/cannot judge/);
  });
});
