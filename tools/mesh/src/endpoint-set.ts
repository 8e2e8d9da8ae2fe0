import { type Workload } from './workload';

/**
 * The workloads behind one destination (a service, or one subset of it), balanced round-robin.
 * A retry asks for a workload it has not tried yet, like Istio's `previous_hosts` retry
 * predicate, and falls back to any workload when all have been tried.
 */
export class EndpointSet {
  private cursor = 0;

  constructor(readonly workloads: readonly Workload[]) {}

  get size(): number {
    return this.workloads.length;
  }

  next(tried?: ReadonlySet<Workload>): Workload | undefined {
    const count = this.workloads.length;
    if (count === 0) return undefined;
    if (count === 1) return this.workloads[0];
    for (let step = 0; step < count; step++) {
      const candidate = this.workloads[this.cursor++ % count];
      if (!tried?.has(candidate)) return candidate;
    }
    return this.workloads[this.cursor++ % count];
  }
}
