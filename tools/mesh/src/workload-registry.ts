import { Workload, type WorkloadConfig } from './workload';

/** The local stand-in for Kubernetes endpoints: which workloads serve which service. */
export class WorkloadRegistry {
  readonly all: readonly Workload[];
  private readonly byService = new Map<string, Workload[]>();

  constructor(configs: readonly WorkloadConfig[], defaultNamespace: string) {
    this.all = configs.map((config) => new Workload(config, defaultNamespace));
    for (const workload of this.all) {
      const list = this.byService.get(workload.serviceFqdn) ?? [];
      list.push(workload);
      this.byService.set(workload.serviceFqdn, list);
    }
  }

  /** Workloads of a service (by FQDN), optionally only those carrying a subset's labels. */
  select(serviceFqdn: string, labels?: Readonly<Record<string, string>>): Workload[] {
    const workloads = this.byService.get(serviceFqdn) ?? [];
    return labels ? workloads.filter((workload) => workload.hasLabels(labels)) : workloads;
  }

  hasService(serviceFqdn: string): boolean {
    return this.byService.has(serviceFqdn);
  }

  get serviceFqdns(): string[] {
    return [...this.byService.keys()];
  }
}
