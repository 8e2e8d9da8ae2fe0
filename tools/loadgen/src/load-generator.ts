import { Pool } from 'undici';
import { CourierJourney } from './courier-journey';
import { LoadStats, type LoadSnapshot } from './load-stats';

export interface LoadGeneratorOptions {
  /** Where web's API is reached: the mesh gateway locally, the ingress on a cluster. */
  baseUrl: string;
  /** Requests per second, spread evenly. */
  rps: number;
  /** Concurrent customer journeys (each sends one request at a time). */
  journeys?: number;
  timeoutMs?: number;
}

/**
 * Open-loop load at a fixed rate: a request is started every 1/rps seconds whether or not earlier
 * ones finished (up to the number of journeys in flight), so a slow version cannot hide by
 * slowing the client down. Bounded: it stops on stop(), and never targets anything but baseUrl.
 */
export class LoadGenerator {
  private readonly pool: Pool;
  private readonly journeys: CourierJourney[];
  private readonly idle: CourierJourney[];
  private stats = new LoadStats();
  private timer?: NodeJS.Timeout;
  private readonly inFlight = new Set<Promise<void>>();
  private rps: number;

  constructor(options: LoadGeneratorOptions) {
    this.rps = options.rps;
    this.pool = new Pool(new URL(options.baseUrl).origin, { connections: options.journeys ?? 64 });
    this.journeys = Array.from({ length: options.journeys ?? 64 }, () => new CourierJourney(this.pool, options.timeoutMs ?? 5000));
    this.idle = [...this.journeys];
  }

  get running(): boolean {
    return this.timer !== undefined;
  }

  start(): void {
    if (this.timer) return;
    this.schedule();
  }

  setRate(rps: number): void {
    this.rps = rps;
    if (this.timer) {
      clearInterval(this.timer);
      this.schedule();
    }
  }

  /** Counts since start (or since the last reset). */
  snapshot(): LoadSnapshot {
    return this.stats.snapshot();
  }

  resetStats(): void {
    this.stats = new LoadStats();
  }

  /**
   * Ends the current count and starts a new one, and resolves with the ended count once every
   * request it sent has finished. A request still waiting when a window ends is neither a success
   * nor a failure yet: on an overloaded machine most failures are timeouts that land seconds later,
   * and a plain snapshot() would call that window clean.
   */
  async closeWindow(): Promise<LoadSnapshot> {
    const closing = this.stats;
    const windowMs = closing.snapshot().elapsedMs;
    const pending = [...this.inFlight];
    this.stats = new LoadStats();
    await Promise.all(pending);
    return { ...closing.snapshot(), elapsedMs: windowMs };
  }

  /** Stops sending and waits for requests in flight, so the final counts are complete. */
  async stop(): Promise<LoadSnapshot> {
    clearInterval(this.timer);
    this.timer = undefined;
    await Promise.all(this.inFlight);
    return this.stats.snapshot();
  }

  async close(): Promise<void> {
    await this.stop();
    await this.pool.close();
  }

  private schedule(): void {
    // Timers below ~10 ms are unreliable, so fire in small batches to hold the rate.
    const tickMs = Math.max(10, Math.floor(1000 / Math.max(1, this.rps)));
    let credit = 0;
    this.timer = setInterval(() => {
      credit += (this.rps * tickMs) / 1000;
      while (credit >= 1) {
        credit--;
        this.fire();
      }
    }, tickMs);
  }

  private fire(): void {
    const journey = this.idle.pop();
    const stats = this.stats;
    stats.recordSent();
    if (!journey) {
      stats.recordFailure(0, 'client-saturated');
      return;
    }
    const request = journey.step().then((step) => {
      if (step.ok) stats.recordSuccess(step.latencyMs, step.servedBy);
      else stats.recordFailure(step.latencyMs, `${step.name}: ${step.status}`, { requestId: step.requestId, detail: step.detail });
      this.idle.push(journey);
    });
    this.inFlight.add(request);
    void request.finally(() => this.inFlight.delete(request));
  }
}
