import { randomUUID } from 'node:crypto';
import { type Pool } from 'undici';

export interface JourneyStep {
  name: string;
  ok: boolean;
  status: number | string;
  latencyMs: number;
  servedBy?: string;
  /** For a failure: the request id it was sent with, to find it in every service's logs. */
  requestId?: string;
  /** For a failure: the problem's type and detail, or the transport error's message. */
  detail?: string;
}

/**
 * What a customer does, through web's public API: create a user, create a delivery for them (with
 * an Idempotency-Key), read it back, and advance its status. Every request is one step, so load is
 * spread across users, delivery and web like real traffic.
 */
export class CourierJourney {
  private ownerId?: string;
  private deliveryId?: string;
  private nextEvent = 0;
  private static readonly EVENTS = ['ASSIGN', 'PICK_UP', 'DEPART', 'DELIVER'];

  constructor(
    private readonly pool: Pool,
    private readonly timeoutMs: number,
  ) {}

  /** The next request of this journey; a finished journey starts over with a new user. */
  async step(): Promise<JourneyStep> {
    if (!this.ownerId) return this.createUser();
    if (!this.deliveryId) return this.createDelivery();
    // After the delivery exists, reads and status changes alternate: read, ASSIGN, read, PICK_UP, …
    if (this.nextEvent >= CourierJourney.EVENTS.length * 2) {
      this.ownerId = this.deliveryId = undefined;
      this.nextEvent = 0;
      return this.createUser();
    }
    if (this.nextEvent % 2 === 0) {
      const read = await this.send('read delivery', 'GET', `/api/deliveries/${this.deliveryId}`);
      this.nextEvent++;
      return read;
    }
    const type = CourierJourney.EVENTS[Math.floor(this.nextEvent / 2)];
    this.nextEvent++;
    return this.send(`advance ${type}`, 'POST', `/api/deliveries/${this.deliveryId}/events`, { type });
  }

  /**
   * A failed step ends the journey, like a customer giving up: the next step starts over, so one
   * failure is counted once instead of cascading into conflicts on a delivery in an unknown state.
   */
  private abandon(): void {
    this.ownerId = this.deliveryId = undefined;
    this.nextEvent = 0;
  }

  private async createUser(): Promise<JourneyStep> {
    const step = await this.send('create user', 'POST', '/api/users', { email: `load-${randomUUID()}@example.com`, name: 'Load Test' }, (body) => {
      this.ownerId = (body as { id: string }).id;
    });
    return step;
  }

  private async createDelivery(): Promise<JourneyStep> {
    const body = { ownerId: this.ownerId, pickupAddress: '1 Market St', dropoffAddress: '500 Harbour Rd', distanceKm: 2 + Math.round(Math.random() * 20) };
    return this.send('create delivery', 'POST', '/api/deliveries', body, (created) => {
      this.deliveryId = (created as { id: string }).id;
    }, { 'idempotency-key': randomUUID() });
  }

  private async send(name: string, method: string, path: string, body?: unknown, onOk?: (body: unknown) => void, headers: Record<string, string> = {}): Promise<JourneyStep> {
    const started = performance.now();
    // Our own id, so a failure can be followed through web, the mesh and the callee's logs.
    const requestId = `loadgen-${randomUUID()}`;
    try {
      const res = await this.pool.request({
        method: method as 'GET',
        path,
        headers: { 'content-type': 'application/json', 'x-request-id': requestId, ...headers },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(this.timeoutMs),
      });
      const text = await res.body.text();
      const latencyMs = performance.now() - started;
      const ok = res.statusCode < 400;
      let servedBy: string | undefined;
      if (ok && text) {
        const parsed = JSON.parse(text) as { servedBy?: { version: string } };
        onOk?.(parsed);
        if (parsed.servedBy) servedBy = `delivery/${parsed.servedBy.version}`;
      }
      if (ok) return { name, ok, status: res.statusCode, latencyMs, servedBy };
      this.abandon();
      return { name, ok, status: res.statusCode, latencyMs, requestId, detail: problemSummary(text) };
    } catch (error) {
      this.abandon();
      const err = error as { code?: string; name?: string; message?: string };
      return { name, ok: false, status: err.code ?? err.name ?? 'Error', latencyMs: performance.now() - started, requestId, detail: err.message };
    }
  }
}

/** "type: detail" of a problem+json answer, or the start of whatever else came back. */
function problemSummary(text: string): string {
  try {
    const problem = JSON.parse(text) as { type?: string; title?: string; detail?: string };
    return [problem.type, problem.detail ?? problem.title].filter(Boolean).join(': ');
  } catch {
    return text.slice(0, 200);
  }
}
