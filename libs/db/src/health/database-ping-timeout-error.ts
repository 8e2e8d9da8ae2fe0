/** The database did not answer a health-check query within the allowed time. */
export class DatabasePingTimeoutError extends Error {
  override readonly name = 'DatabasePingTimeoutError';

  constructor(readonly timeoutMs: number) {
    super(`The database did not answer within ${timeoutMs} ms`);
  }
}
