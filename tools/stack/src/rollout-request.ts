import type { StartRollout } from '@courier/contracts';

/** What the control room asks the stack to run (the contract's StartRollout). */
export type RolloutRequest = StartRollout;

/** A request the stack refuses, with the HTTP status and a detail that names the field. */
export class RolloutRequestError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}
