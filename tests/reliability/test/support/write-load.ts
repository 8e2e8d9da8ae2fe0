import { sendBounded } from './bounded-request';

/** One request of the load, as the client saw it. */
export interface Outcome {
  startedAt: number;
  elapsedMs: number;
  status: number;
  contentType: string;
  failure?: string;
}

/**
 * Closed-loop write load on users: each worker creates a user, then reads it back, again and
 * again. Every 201 is an acknowledged write, remembered so that it can be checked after an outage.
 */
export class UserWriteLoad {
  readonly acknowledged: string[] = [];
  readonly outcomes: Outcome[] = [];
  private running = false;
  private workers: Promise<void>[] = [];
  private sequence = 0;

  constructor(
    private readonly baseUrl: string,
    private readonly concurrency = 8,
  ) {}

  start(): void {
    this.running = true;
    this.workers = Array.from({ length: this.concurrency }, () => this.work());
  }

  async stop(): Promise<void> {
    this.running = false;
    await Promise.all(this.workers);
  }

  /** Outcomes of requests started in [from, to). */
  startedBetween(from: number, to = Infinity): Outcome[] {
    return this.outcomes.filter((o) => o.startedAt >= from && o.startedAt < to);
  }

  private async work(): Promise<void> {
    while (this.running) {
      const n = this.sequence++;
      const created = await this.send('POST', '/users', JSON.stringify({ email: `outage-${n}@example.com`, name: `Outage ${n}` }));
      if (created.status === 201) {
        const id = (JSON.parse(created.body) as { id: string }).id;
        this.acknowledged.push(id);
        await this.send('GET', `/users/${id}`);
      } else {
        // A failing service answers fast; pause briefly so the load does not become a busy loop.
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    }
  }

  private async send(method: string, path: string, body?: string) {
    const startedAt = Date.now();
    const answer = await sendBounded(this.baseUrl, { method, path, body, headers: body ? { 'content-type': 'application/json' } : {} });
    this.outcomes.push({ startedAt, elapsedMs: answer.elapsedMs, status: answer.status, contentType: answer.contentType, failure: answer.failure });
    return answer;
  }
}
