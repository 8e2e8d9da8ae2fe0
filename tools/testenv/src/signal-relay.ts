import type { ChildProcess } from 'node:child_process';

const RELAYED_SIGNALS = ['SIGINT', 'SIGTERM'] as const;

/**
 * Catches SIGINT/SIGTERM for the whole life of with-db. Instead of dying (and leaving a
 * database server behind), with-db passes the signal on to the command it runs and then
 * cleans up as usual. A signal that arrives before the command started is remembered.
 */
export class SignalRelay {
  private target: ChildProcess | undefined;
  private received: NodeJS.Signals | undefined;
  private readonly listener = (signal: NodeJS.Signals) => {
    this.received ??= signal;
    this.target?.kill(signal);
  };

  constructor() {
    for (const signal of RELAYED_SIGNALS) process.on(signal, this.listener);
  }

  get receivedSignal(): NodeJS.Signals | undefined {
    return this.received;
  }

  relayTo(child: ChildProcess): void {
    this.target = child;
  }

  dispose(): void {
    for (const signal of RELAYED_SIGNALS) process.off(signal, this.listener);
  }
}
