import { stopOnSignal } from '../src/stop-on-signal';

/** A signal source the test fires itself, and a start the test settles itself. */
function harness() {
  const listeners = new Map<string, (signal: NodeJS.Signals) => void>();
  let settle!: { resolve: () => void; reject: (error: Error) => void };
  const starting = new Promise<void>((resolve, reject) => (settle = { resolve, reject }));
  const events: string[] = [];
  const state = stopOnSignal(
    starting,
    async (signal) => void events.push(`stop ${signal}`),
    (signal) => events.push(`announce ${signal}`),
    (signal, listener) => listeners.set(signal, listener),
  );
  const fire = (signal: NodeJS.Signals) => listeners.get(signal)?.(signal);
  const flush = () => new Promise((resolve) => setImmediate(resolve));
  return { state, settle, events, fire, flush, listeners };
}

describe('stopOnSignal: Ctrl-C while the stack starts', () => {
  it('listens for SIGINT and SIGTERM before the start has finished', () => {
    expect([...harness().listeners.keys()]).toEqual(['SIGINT', 'SIGTERM']);
  });

  it('announces at once, stops only once the start has settled, and only once', async () => {
    const { state, settle, events, fire, flush } = harness();
    fire('SIGINT');
    fire('SIGTERM');
    await flush();
    expect({ requested: state.requested, events }).toEqual({ requested: true, events: ['announce SIGINT'] });
    settle.resolve();
    await flush();
    expect(events).toEqual(['announce SIGINT', 'stop SIGINT']);
  });

  it('still stops when the start fails (the start cleans up after itself, stop finds less to do)', async () => {
    const { settle, events, fire, flush } = harness();
    fire('SIGTERM');
    settle.reject(new Error('port 3001 in use'));
    await flush();
    expect(events).toEqual(['announce SIGTERM', 'stop SIGTERM']);
  });

  it('stops at once when the signal comes after the start', async () => {
    const { state, settle, events, fire, flush } = harness();
    settle.resolve();
    await flush();
    expect(state.requested).toBe(false);
    fire('SIGINT');
    await flush();
    expect(events).toEqual(['announce SIGINT', 'stop SIGINT']);
  });
});
