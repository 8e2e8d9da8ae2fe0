import { LoadGenerator, type LoadSnapshot } from '@courier/loadgen';

/** The highest rate the control room may ask for: enough for any demo, far from hurting a laptop. */
export const MAX_CONTROL_RPS = 300;
/** LoadStats keeps every latency, so the stack starts a fresh count this often while load runs. */
const STATS_WINDOW_MS = 30_000;

export interface LoadStatus {
  rps: number;
  running: boolean;
  /** The last complete (or the current) counting window. */
  lastWindow: LoadSnapshot | undefined;
}

/**
 * The load generator, run inside the stack so the control room can switch customer journeys on
 * and off and change their rate. It only ever targets the stack's own gateway.
 */
export class LoadControl {
  private generator?: LoadGenerator;
  private rps = 0;
  private lastWindow?: LoadSnapshot;
  private windowTimer?: NodeJS.Timeout;

  constructor(private readonly gatewayUrl: string) {}

  /** 0 stops the load; anything else starts it or changes its rate. */
  async set(rps: number): Promise<LoadStatus> {
    if (!(Number.isInteger(rps) && rps >= 0 && rps <= MAX_CONTROL_RPS)) throw new RangeError(`rps: must be a whole number between 0 and ${MAX_CONTROL_RPS}`);
    this.rps = rps;
    if (rps === 0) {
      await this.stop();
      return this.status();
    }
    if (!this.generator) {
      this.generator = new LoadGenerator({ baseUrl: this.gatewayUrl, rps, journeys: 64 });
      this.windowTimer = setInterval(() => {
        this.lastWindow = this.generator?.snapshot();
        this.generator?.resetStats();
      }, STATS_WINDOW_MS);
      this.windowTimer.unref();
    }
    this.generator.setRate(rps);
    this.generator.start();
    return this.status();
  }

  status(): LoadStatus {
    const running = this.generator?.running ?? false;
    return { rps: running ? this.rps : 0, running, lastWindow: running ? this.generator?.snapshot() : this.lastWindow };
  }

  async stop(): Promise<void> {
    clearInterval(this.windowTimer);
    this.windowTimer = undefined;
    const generator = this.generator;
    this.generator = undefined;
    if (generator) this.lastWindow = await generator.stop().finally(() => generator.close());
  }
}
