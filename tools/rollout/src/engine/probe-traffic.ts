import type { RolloutStep } from './rollout-plan';

/**
 * Traffic the engine itself sends during a step that has a `probe`: a blue/green preview or an
 * A/B audience only gets requests carrying a header, which ordinary users do not send, so without
 * probes its analysis would see no traffic at all.
 */
export interface ProbeTraffic {
  /**
   * Starts sending for this step; the returned function stops and resolves when done. A probe that
   * takes a while to get going (a port-forward, an exec) returns a promise of it instead: the step's
   * analysis window starts only once it resolves, so the window never opens on a silent preview.
   */
  start(step: RolloutStep): (() => Promise<void>) | Promise<() => Promise<void>>;
}

/**
 * Where local probes go behind a service's mesh listener: a path no service routes, so each answers
 * a cheap 404, which counts as success, while a "bad build" fails it like any other request (fault
 * injection runs before routing; /version and the probes are exempt from faults, so they would
 * hide one).
 */
export const LOCAL_PROBE_PATH = '/rollout-probe';

/** GETs `url` with the step's probe header at a steady rate (4xx answers still exercise the version). */
export class HttpProbeTraffic implements ProbeTraffic {
  constructor(
    private readonly url: string,
    private readonly rps = 10,
  ) {}

  start(step: RolloutStep): () => Promise<void> {
    const probe = step.probe;
    if (!probe) return async () => undefined;
    const inFlight = new Set<Promise<unknown>>();
    const timer = setInterval(() => {
      const request = fetch(this.url, { headers: { [probe.header]: probe.value }, signal: AbortSignal.timeout(5000) })
        .then((res) => res.arrayBuffer())
        .catch(() => undefined);
      inFlight.add(request);
      void request.finally(() => inFlight.delete(request));
    }, 1000 / this.rps);
    return async () => {
      clearInterval(timer);
      await Promise.all(inFlight);
    };
  }
}
