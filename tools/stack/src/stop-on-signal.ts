/** What a signal handler needs from the process: only `on`, so a test can deliver signals itself. */
export type SignalSource = (signal: NodeJS.Signals, listener: (signal: NodeJS.Signals) => void) => unknown;

export interface SignalStop {
  /** True once SIGINT or SIGTERM arrived: the caller stops printing "ready" and the like. */
  readonly requested: boolean;
}

/**
 * Stops the stack on SIGINT or SIGTERM, including while it is still starting. The handlers are in
 * place before the first process is spawned: Ctrl-C during a first start used to end `npm start`
 * with Node's default action, leaving the services, the mesh and the database running with
 * their ports taken. A signal during the start waits for the start to settle (it cannot be cut
 * short halfway without leaking what it was spawning), then `stop` runs once.
 */
export function stopOnSignal(
  starting: Promise<unknown>,
  stop: (signal: NodeJS.Signals) => Promise<void>,
  announce: (signal: NodeJS.Signals) => void,
  on: SignalSource = (signal, listener) => process.on(signal, listener),
): SignalStop {
  const state = { requested: false };
  const handle = (signal: NodeJS.Signals) => {
    if (state.requested) return;
    state.requested = true;
    announce(signal);
    void starting.catch(() => undefined).then(() => stop(signal));
  };
  on('SIGINT', handle);
  on('SIGTERM', handle);
  return state;
}
