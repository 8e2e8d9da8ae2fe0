import { type ServerResponse } from 'node:http';

/**
 * Notices a client that goes away before its response is complete and cancels whatever
 * upstream attempt is in progress, as Envoy resets the upstream stream on a downstream
 * disconnect (response flag DC).
 */
export class ClientDisconnectWatch {
  gone = false;
  private current: { cancel(): void } | undefined;

  constructor(response: ServerResponse) {
    response.once('close', () => {
      if (response.writableFinished) return;
      this.gone = true;
      this.current?.cancel();
    });
  }

  /** The attempt to cancel if the client leaves (undefined between attempts). */
  watch(attempt: { cancel(): void } | undefined): void {
    this.current = attempt;
  }
}
