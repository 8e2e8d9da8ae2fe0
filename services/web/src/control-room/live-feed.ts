import { Inject, Injectable, type OnModuleDestroy } from '@nestjs/common';
import { ControlPlane } from './control-plane';
import type { ControlRoomSnapshot, HistoryPoint } from './control-room-snapshot';

/** Once a second: the control room promises live figures at ≥ 1 update/s. */
const TICK_MS = 1000;
/** Two minutes of chart history, so a freshly opened (or reconnected) page starts with a full chart. */
const HISTORY_POINTS = 120;

export interface FeedSubscriber {
  send(event: 'snapshot' | 'history', data: unknown): void;
  close(): void;
}

/**
 * Polls the control plane once a second while anyone watches (and not at all otherwise), keeps a
 * short history for the charts, and fans each snapshot out to every open event stream. A failed
 * poll is sent as an error snapshot: the page keeps its last figures and says what is wrong.
 */
@Injectable()
export class LiveFeed implements OnModuleDestroy {
  private readonly subscribers = new Set<FeedSubscriber>();
  private readonly history: HistoryPoint[] = [];
  private latest?: ControlRoomSnapshot;
  private timer?: NodeJS.Timeout;
  private polling = false;

  constructor(@Inject(ControlPlane) private readonly plane: ControlPlane) {}

  /** Starts with the history and the latest snapshot; returns the unsubscribe function. */
  subscribe(subscriber: FeedSubscriber): () => void {
    this.subscribers.add(subscriber);
    subscriber.send('history', this.history);
    if (this.latest) subscriber.send('snapshot', this.latest);
    if (!this.timer) {
      this.timer = setInterval(() => void this.poll(), TICK_MS);
      void this.poll();
    }
    return () => {
      this.subscribers.delete(subscriber);
      if (this.subscribers.size === 0) this.stopPolling();
    };
  }

  /** How many streams are open. */
  get subscriberCount(): number {
    return this.subscribers.size;
  }

  /** The latest snapshot, read now when nobody is watching. */
  async current(): Promise<ControlRoomSnapshot> {
    return this.timer && this.latest ? this.latest : this.plane.snapshot();
  }

  /** Ends every open stream so that a graceful shutdown is not held up by them. */
  onModuleDestroy(): void {
    this.stopPolling();
    for (const subscriber of [...this.subscribers]) subscriber.close();
  }

  private async poll(): Promise<void> {
    if (this.polling) return; // a slow control plane skips a tick instead of piling up calls
    this.polling = true;
    try {
      const snapshot = await this.plane.snapshot().catch(
        (error: Error): ControlRoomSnapshot => ({ ...(this.latest ?? { source: '', mesh: '', actions: { enabled: false }, services: [] }), at: new Date().toISOString(), error: error.message }),
      );
      if (!snapshot.error) this.remember(snapshot);
      this.latest = snapshot;
      for (const subscriber of this.subscribers) subscriber.send('snapshot', snapshot);
    } finally {
      this.polling = false;
    }
  }

  private remember(snapshot: ControlRoomSnapshot): void {
    this.history.push({
      at: snapshot.at,
      services: snapshot.services.map((s) => ({ service: s.service, stable: s.versions.find((v) => v.role === 'stable')?.version, traffic: s.traffic })),
    });
    if (this.history.length > HISTORY_POINTS) this.history.splice(0, this.history.length - HISTORY_POINTS);
  }

  private stopPolling(): void {
    clearInterval(this.timer);
    this.timer = undefined;
  }
}
